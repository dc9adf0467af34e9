#!/usr/bin/env python3
"""Pictures for diagnosing image-side neighbour mining on a composed training split (docs/training.md).

For the first N scenes of DATA/manifest.csv (compose's train split: its boxes and masks in DATA/metadata), writes four
manifests under OUT/<view>/: the scene as it is, the sounding object's box cut out, the sounding object alone on grey
(its mask), and the scene with the sounding object greyed out. Mine each with `soundsight mine-neighbours` and compare
the pictures' precision. Needs Pillow and numpy (Debian: python3-pil, python3-numpy).

    /usr/bin/python3 tools/neighbours/object_context_views.py demo-output/data/train diag 294
"""
import json
import os
import sys

import numpy as np
from PIL import Image


def main(data, out, count):
    rows = [line.rstrip('\n').split(',') for line in open(os.path.join(data, 'manifest.csv'))][1:count + 1]
    boxes = {e['image']: e['gt_box'] for e in json.load(open(os.path.join(data, 'metadata', 'synthetic3240_bbox.json')))}
    masks = {e['image']: e['gt_box'] for e in json.load(open(os.path.join(data, 'metadata', 'synthetic3240_seg.json')))}
    for view in ['scene', 'crop', 'object', 'context']:
        os.makedirs(os.path.join(out, view), exist_ok=True)
        with open(os.path.join(out, view, 'manifest.csv'), 'w') as manifest:
            manifest.write('image,audio,class,id\n')
            for image, audio, cls, ident in rows:
                pic = np.asarray(Image.open(os.path.join(data, image)).convert('RGB')).astype(np.float32)
                n = pic.shape[0]
                mask = np.asarray(Image.open(os.path.join(data, masks[image])).convert('L').resize((n, n), Image.NEAREST)) > 127
                if view == 'scene':
                    result = pic
                elif view == 'crop':
                    # Boxes are in the 224-px frame of the IS3 layout.
                    x1, y1, x2, y2 = [int(round(c * n / 224)) for c in boxes[image]]
                    result = pic[y1:y2, x1:x2]
                elif view == 'object':
                    result = np.where(mask[..., None], pic, 128.0)
                else:
                    result = np.where(mask[..., None], 128.0, pic)
                name = os.path.basename(image).replace('.jpg', '.png')
                Image.fromarray(result.astype(np.uint8)).save(os.path.join(out, view, name))
                manifest.write(f'{name},{os.path.abspath(os.path.join(data, audio))},{cls},{ident}\n')


if __name__ == '__main__':
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
