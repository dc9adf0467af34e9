using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SoundSight.IO;

namespace SoundSight.Retrieval;

/// <summary>
/// Embeddings of files already seen, kept in one file so that repeated queries over a folder only embed what is
/// new. An entry is keyed by modality, full path, size and modification time (a changed file is embedded again);
/// the whole cache belongs to one model fingerprint (checkpoint bytes and front-end settings) and is ignored when
/// that changes. Layout: "SSEMBED1", int32 header length, UTF-8 JSON header {fingerprint, dim, keys, projected},
/// then per key its raw float32 vector and, when projected, the projected one. Written atomically.
/// </summary>
public sealed class EmbeddingCache
{
    private static readonly byte[] Magic = "SSEMBED1"u8.ToArray();
    private readonly Dictionary<string, ItemEmbedding> _entries = new(StringComparer.Ordinal);

    public EmbeddingCache(string fingerprint)
    {
        Fingerprint = fingerprint;
    }

    public string Fingerprint { get; }

    public int Count => _entries.Count;

    /// <summary>Why a cache file was not used (another model), for the user; null when it was used or absent.</summary>
    public string? Note { get; private set; }

    /// <summary>The model's fingerprint: a hash of the checkpoint file and the settings that change embeddings.</summary>
    public static string ModelFingerprint(string checkpoint, string settings)
    {
        using var sha = SHA256.Create();
        using (var stream = File.OpenRead(checkpoint))
        {
            sha.TransformBlock(SHA256.HashData(stream), 0, 32, null, 0);
        }
        var tail = Encoding.UTF8.GetBytes(settings);
        sha.TransformFinalBlock(tail, 0, tail.Length);
        return Convert.ToHexStringLower(sha.Hash!);
    }

    /// <summary>The key of a file as it is now (path, size, modification time).</summary>
    public static string Key(string modality, string path)
    {
        var info = new FileInfo(path);
        return $"{modality}|{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}";
    }

    public bool TryGet(string key, out ItemEmbedding embedding) => _entries.TryGetValue(key, out embedding!);

    public void Add(string key, ItemEmbedding embedding) => _entries[key] = embedding;

    /// <summary>Reads a cache file; a missing file or one made by another model gives an empty cache.</summary>
    public static EmbeddingCache Load(string path, string fingerprint)
    {
        var cache = new EmbeddingCache(fingerprint);
        if (!File.Exists(path))
        {
            return cache;
        }
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InputException(path, $"not a SoundSight embedding cache (delete it or choose another {Setting.Mention(Setting.Cache)})");
            }
            var header = JsonSerializer.Deserialize<Header>(reader.ReadBytes(reader.ReadInt32()))
                ?? throw new InputException(path, "embedding cache has an empty header");
            if (header.Fingerprint != fingerprint)
            {
                cache.Note = $"{path}: made with another checkpoint or settings; embedding again";
                return cache;
            }
            foreach (var key in header.Keys)
            {
                var raw = ReadVector(reader, header.Dim);
                var projected = header.Projected ? ReadVector(reader, header.Dim) : null;
                cache._entries[key] = new ItemEmbedding(raw, projected);
            }
            return cache;
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or IOException)
        {
            throw new InputException(path, $"embedding cache is damaged ({e.GetType().Name}); delete it to rebuild");
        }
    }

    /// <summary>Writes every entry atomically.</summary>
    public void Save(string path)
    {
        var keys = _entries.Keys.Order(StringComparer.Ordinal).ToList();
        var dim = keys.Count == 0 ? 0 : _entries[keys[0]].Raw.Length;
        var projected = keys.Count > 0 && keys.All(k => _entries[k].Projected is not null);
        var header = JsonSerializer.SerializeToUtf8Bytes(new Header { Fingerprint = Fingerprint, Dim = dim, Projected = projected, Keys = keys });
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(header.Length);
            writer.Write(header);
            foreach (var key in keys)
            {
                var e = _entries[key];
                writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(e.Raw.AsSpan()));
                if (projected)
                {
                    writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(e.Projected!.AsSpan()));
                }
            }
        });
    }

    private static float[] ReadVector(BinaryReader reader, int dim)
    {
        var bytes = reader.ReadBytes(dim * sizeof(float));
        if (bytes.Length != dim * sizeof(float))
        {
            throw new EndOfStreamException();
        }
        var values = new float[dim];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    private sealed class Header
    {
        public string Fingerprint { get; set; } = "";

        public int Dim { get; set; }

        public bool Projected { get; set; }

        public List<string> Keys { get; set; } = [];
    }
}
