using SoundSight.Checkpoints;
using SoundSight.Data;
using SoundSight.Imaging;
using SoundSight.IO;
using SoundSight.Models;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// Can the frozen vision tower find an object in a composed scene when told its category by pictures instead of by a
/// sound? The tower is a trained run's own (its vision side is the frozen ImageNet start, so any run of the recipe
/// gives the same features). A category's prototype is the mean over a kit's pictures of that category (each shrunk
/// as a scene holds it, over mid-grey) of the raw image embedding retrieval uses (spatial mean of the
/// channel-normalised map), normalised; an entry's map is the cosine between that prototype and every location of
/// the scene's channel-normalised map, the way a sound's vector makes the model's map. The sounding category is the
/// entry's class in the composed set's manifest.csv. Scored by `soundsight evaluate --predictions`.
/// </summary>
internal static class LocalizationProbe
{
    public static void Run(string checkpoint, string kitFolder, string testRoot, string mapsFolder, int scene, bool centred)
    {
        using var model = new SoundLocalizationModel();
        CheckpointLoader.Load(model, checkpoint, SoundLocalizationModel.ProjectionPrefixes);
        model.eval();
        using var noGrad = no_grad();
        var frontEnd = new ImageFrontEnd(scene);
        var prototypes = KitPicture.Read(kitFolder)
            .GroupBy(p => p.Category)
            .ToDictionary(g => g.Key, g =>
            {
                using var batch = frontEnd.ToBatch(g.Select(p => p.OverGrey(scene)).ToList());
                using var maps = model.VisionMap(batch);
                using var embeddings = SoundLocalizationModel.RawImageEmbedding(maps);
                return nn.functional.normalize(embeddings.mean([0]), p: 2, dim: 0);
            });
        if (centred)
        {
            // What every category's prototype shares (the grey surround, generic picture features) says nothing about
            // which object sounds: take it out, as a discriminatively trained vector would.
            using var common = stack(prototypes.Values.ToArray()).mean([0]);
            foreach (var key in prototypes.Keys.ToList())
            {
                var old = prototypes[key];
                prototypes[key] = nn.functional.normalize(old - common, p: 2, dim: 0);
                old.Dispose();
            }
        }
        Directory.CreateDirectory(mapsFolder);
        var decoder = new ImageDecoder();
        // The composed set's manifest names each entry's sounding category (its class column).
        var entries = TrainingSet.Load(Path.Combine(testRoot, "manifest.csv"));
        var written = 0;
        foreach (var entry in entries)
        {
            if (entry.Class is not { } category || !prototypes.TryGetValue(category, out var prototype))
            {
                Console.Error.WriteLine($"{entry.Id}: no picture of '{entry.Class}' in {kitFolder}; skipped");
                continue;
            }
            using var picture = frontEnd.ToTensor(decoder.Decode(entry.ImagePath)).unsqueeze(0);
            using var features = nn.functional.normalize(model.VisionMap(picture), p: 2, dim: 1);
            using var map = einsum("nchw,c->nhw", features, prototype).squeeze(0).contiguous();
            var (h, w) = ((int)map.shape[0], (int)map.shape[1]);
            Npy.WriteFloat32(Path.Combine(mapsFolder, entry.Id + ".npy"), map.data<float>().ToArray(), h, w);
            written++;
        }
        foreach (var p in prototypes.Values)
        {
            p.Dispose();
        }
        Console.WriteLine($"{written} maps of {entries.Count} entries in {mapsFolder} (scene {scene} px, prototypes from {kitFolder}{(centred ? ", centred" : "")})");
    }
}
