using System.Buffers.Binary;
using System.Globalization;
using SkiaSharp;

namespace SoundSight.Tests.Training;

/// <summary>
/// A tiny learnable audio-visual set for training tests: class c is a coloured disc at a random place on a noisy
/// background, heard as a harmonic tone at its own pitch with noise. Written as PNG + 16-kHz WAV + manifest.csv.
/// </summary>
internal static class SyntheticDataset
{
    private static readonly SKColor[] Colours = [SKColors.Red, SKColors.Lime, SKColors.Blue, SKColors.Yellow, SKColors.Magenta, SKColors.Cyan];

    public static string Write(string directory, int items, int classes = 6, int seed = 1, int size = 72)
    {
        Directory.CreateDirectory(directory);
        var rng = new Random(seed);
        var lines = new List<string> { "image,audio,class" };
        for (var i = 0; i < items; i++)
        {
            var c = i % classes;
            var image = $"item{i:D3}.png";
            var audio = $"item{i:D3}.wav";
            WriteImage(Path.Combine(directory, image), Colours[c % Colours.Length], rng, size);
            WriteTone(Path.Combine(directory, audio), 220.0 * Math.Pow(1.5, c), rng);
            lines.Add($"{image},{audio},class{c}");
        }
        var manifest = Path.Combine(directory, "manifest.csv");
        File.WriteAllLines(manifest, lines);
        return manifest;
    }

    private static void WriteImage(string path, SKColor colour, Random rng, int size)
    {
        using var bitmap = new SKBitmap(size, size);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var g = (byte)rng.Next(60, 120);
                bitmap.SetPixel(x, y, new SKColor(g, g, g));
            }
        }
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { Color = colour, IsAntialias = true })
        {
            var r = size / 4f;
            canvas.DrawCircle(r + ((float)rng.NextDouble() * (size - (2 * r))), r + ((float)rng.NextDouble() * (size - (2 * r))), r, paint);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    private static void WriteTone(string path, double frequency, Random rng)
    {
        const int rate = 16000;
        var samples = new short[rate * 2];
        for (var n = 0; n < samples.Length; n++)
        {
            var t = n / (double)rate;
            var v = (0.3 * Math.Sin(2 * Math.PI * frequency * t)) + (0.15 * Math.Sin(4 * Math.PI * frequency * t)) + (0.05 * ((rng.NextDouble() * 2) - 1));
            samples[n] = (short)Math.Clamp(v * 32767, short.MinValue, short.MaxValue);
        }
        var bytes = new byte[44 + (samples.Length * 2)];
        "RIFF"u8.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), bytes.Length - 8);
        "WAVEfmt "u8.CopyTo(bytes.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(24), rate);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(28), rate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(32), 2);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(34), 16);
        "data"u8.CopyTo(bytes.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(40), samples.Length * 2);
        for (var n = 0; n < samples.Length; n++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(44 + (n * 2)), samples[n]);
        }
        File.WriteAllBytes(path, bytes);
    }

    public static string Recipe(string directory, string manifest, string? neighbours, string extra = "")
    {
        var path = Path.Combine(directory, "recipe.json");
        var n = neighbours is null ? "null" : $"\"{neighbours}\"";
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "method": "alignment",
              "train": "{{manifest}}",
              "validation_fraction": 0.25,
              "neighbours": {{n}},
              "neighbour_view": {{(neighbours is null ? "false" : "true")}},
              "image_size": 64,
              "audio_seconds": 1.0,
              "batch_size": 8,
              "epochs": 2,
              "learning_rate": 0.0003,
              "seed": 7,
              "checkpoint_every_steps": 2,
              "keep_last": 2{{extra}}
            }
            """));
        return path;
    }
}
