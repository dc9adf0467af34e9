"""Times the authors' training input pipeline: the unchanged GetAudioVideoDataset.__getitem__ of ssl_kccv
Alignment/datasets/dataloader_vggss.py (mode 'train': two decodes of the anchor frame, its plain and augmented
views, the neighbour's frame, three scipy spectrograms) under train.py's DataLoader (shuffle, num_workers =
workers), on a SoundSight training manifest, so `bench train --pipeline-only --kccv` prints it beside SoundSight's.

    /usr/bin/python3 tools/bench/official_pipeline.py --kccv /path/to/ssl_kccv/Alignment \
        --manifest /tmp/pipeline-data/manifest.csv --batch 16 --image-size 224 --workers 2 --batches 12

The dataset reads its files from the authors' cluster layout; this script builds that layout from symbolic links
in a temporary folder (VGGSound_img/<id>/image_050.jpg) and maps the hard-coded audio folder of _load_audio onto it
(soundfile.read is wrapped, nothing else is touched). Each item's neighbour is the next item, as in SoundSight's
bench. The manifest is repeated so one epoch holds every batch timed; warm-up is at least two batches and 96 pairs
(worker start-up included), then the time between deliveries of the timed batches. Prints one JSON line.
"""
import argparse
import csv
import json
import os
import sys
import tempfile
import time

import soundfile
import torch

AUTHORS_AUDIO = "/mnt/lynx1/datasets/VGGSound_v1/VGGSound_aud/"


class RedirectedSoundfile:
    """soundfile with the authors' absolute audio folder mapped onto the bench's."""

    def __init__(self, folder):
        self.folder = folder

    def read(self, path, *args, **kwargs):
        if path.startswith(AUTHORS_AUDIO):
            path = os.path.join(self.folder, path[len(AUTHORS_AUDIO):])
        return soundfile.read(path, *args, **kwargs)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--kccv", required=True)
    p.add_argument("--manifest", required=True)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--image-size", type=int, default=224)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--batches", type=int, default=12)
    a = p.parse_args()
    torch.set_num_threads(1)
    sys.path.insert(0, os.path.abspath(a.kccv))
    from datasets import dataloader_vggss as loader  # noqa: E402

    base = os.path.dirname(os.path.abspath(a.manifest))
    with open(a.manifest, newline="") as f:
        rows = [(os.path.join(base, r["image"]), os.path.join(base, r["audio"])) for r in csv.DictReader(f)]
    warm_up = max(2, -(-96 // a.batch))
    needed = (a.batches + warm_up + 2 * a.workers + 1) * a.batch

    with tempfile.TemporaryDirectory() as root:
        images = os.path.join(root, "VGGSound_v1", "VGGSound_img")
        audio = os.path.join(root, "audio")
        os.makedirs(audio)
        ids = []
        for k in range(needed):
            image, sound = rows[k % len(rows)]
            item = f"item{k:06d}"
            os.makedirs(os.path.join(images, item))
            os.symlink(image, os.path.join(images, item, "image_050.jpg"))
            os.symlink(sound, os.path.join(audio, item + ".wav"))
            ids.append(item)
        loader.sf = RedirectedSoundfile(audio)

        dataset = loader.GetAudioVideoDataset.__new__(loader.GetAudioVideoDataset)
        dataset.mode = "train"
        dataset.imgSize = a.image_size
        dataset.transforms = None
        dataset.video_path = images
        dataset.audio_path = audio
        dataset.video_files = ids
        dataset.count = 0
        dataset.audio_samples = [i + ".npy" for i in ids]
        dataset.video_samples = list(dataset.audio_samples)
        neighbours = {i + ".npy": [(k + 1) % len(ids)] for k, i in enumerate(ids)}
        dataset.vid2positives = neighbours
        dataset.aud2positives = neighbours
        dataset._init_atransform()
        dataset._init_transform()

        batches = torch.utils.data.DataLoader(dataset, batch_size=a.batch, shuffle=True, num_workers=a.workers)
        it = iter(batches)
        for _ in range(warm_up):
            next(it)
        start = time.perf_counter()
        for _ in range(a.batches):
            next(it)
        seconds = time.perf_counter() - start
        del it
    print(json.dumps({"pairs_per_s": a.batches * a.batch / seconds, "batch": a.batch, "workers": a.workers, "image_size": a.image_size}))


if __name__ == "__main__":
    main()
