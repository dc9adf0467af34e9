using System.Buffers.Binary;
using System.Numerics;
using SoundSight.IO;
using static TorchSharp.torch;

namespace SoundSight.Checkpoints;

/// <summary>
/// Reads PyTorch's legacy checkpoint format, what torch.save wrote before 1.6 and still writes with
/// <c>_use_new_zipfile_serialization=False</c> (torch/serialization.py, _legacy_save and _legacy_load): five pickles
/// back to back (the magic number 0x1950a86a20f9469cfc6c, the protocol version 1001, a sys_info dict, the object
/// itself with each storage replaced by the persistent id ('storage', storage class, key, location, numel,
/// view metadata), then the list of storage keys), followed, for each key of that list in order, by the storage's
/// element count as a little-endian int64 and its elements' bytes, little-endian.
/// </summary>
/// <remarks>
/// Tensors come from torch._utils._rebuild_tensor_v2 (and the older _rebuild_tensor, and _rebuild_parameter)
/// as views (offset, sizes, strides) of their storage, so tensors that share a storage in the file share it here,
/// as after torch.load. Dicts and OrderedDicts keep their order; other Python objects become
/// <see cref="PickledObject"/>s. Any file that does not follow the format, or ends early, is an
/// <see cref="InputException"/> naming the file (tests: LegacyTorchPickleTests).
/// </remarks>
public static class LegacyTorchPickle
{
    /// <summary>torch.serialization.MAGIC_NUMBER.</summary>
    public static readonly BigInteger MagicNumber = BigInteger.Parse("119547037146038801333356");

    /// <summary>torch.serialization.PROTOCOL_VERSION.</summary>
    public const long ProtocolVersion = 1001;

    /// <summary>What a legacy file holds: its object, and every tensor in it (the caller disposes them).</summary>
    public sealed record Contents(object? Root, IReadOnlyList<Tensor> Tensors);

    /// <summary>Whether a file starting with these bytes is a pickle, as a legacy checkpoint is (a zip one starts with PK).</summary>
    public static bool StartsLikeOne(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5;

    /// <summary>Reads the whole file: its object with every storage's tensors in place.</summary>
    public static Contents Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new InputException(path, "checkpoint not found");
        }
        var reader = new Reader();
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            return reader.Read(file);
        }
        catch (Exception e) when (e is EndOfStreamException)
        {
            reader.DisposeAll();
            throw new InputException(path, "truncated legacy (pre-1.6) PyTorch checkpoint: the file ends early", e);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or ArgumentException or InvalidOperationException or OverflowException or System.Runtime.InteropServices.ExternalException)
        {
            reader.DisposeAll();
            throw new InputException(path, $"corrupt legacy (pre-1.6) PyTorch checkpoint: {e.Message}", e);
        }
        catch (IOException e)
        {
            reader.DisposeAll();
            throw new InputException(path, $"cannot read the checkpoint ({e.Message})", e);
        }
    }

    /// <summary>A storage as the file lists it: its key, element type and length; its bytes come after the pickles.</summary>
    private sealed class RootStorage(string key, ScalarType type, int elementSize, long count)
    {
        public string Key { get; } = key;

        public ScalarType Type { get; } = type;

        public int ElementSize { get; } = elementSize;

        public long Count { get; } = count;

        public Tensor? Data { get; set; }
    }

    /// <summary>What a persistent id stands for: a root storage, or a view of it starting some elements in.</summary>
    private sealed record StorageView(RootStorage Root, long Offset, long Count);

    /// <summary>A tensor to build once its storage's bytes are read.</summary>
    private sealed record PendingTensor(StorageView Storage, long Offset, long[] Sizes, long[] Strides);

    private sealed class Reader
    {
        private readonly Dictionary<string, RootStorage> roots = new(StringComparer.Ordinal);
        private readonly Dictionary<string, StorageView> views = new(StringComparer.Ordinal);
        private readonly Dictionary<PendingTensor, Tensor> built = new(ReferenceEqualityComparer.Instance);

        public Contents Read(Stream file)
        {
            var none = new PickleMachine(file, _ => throw new FormatException("a header pickle holds a persistent id"), Generic);
            var magic = none.Load();
            if (!(magic is BigInteger big && big == MagicNumber))
            {
                throw new FormatException("it is a pickle but not a torch.save file (no PyTorch magic number)");
            }
            if (none.Load() is not long protocol || protocol != ProtocolVersion)
            {
                throw new FormatException($"unknown legacy protocol version (expected {ProtocolVersion})");
            }
            none.Load(); // sys_info: byte order and C type sizes of the writer; storages are little-endian whatever it says
            var root = new PickleMachine(file, PersistentLoad, Call).Load();
            if (new PickleMachine(file, _ => throw new FormatException("the storage key list holds a persistent id"), Generic).Load() is not List<object?> keys)
            {
                throw new FormatException("the storage key list is missing after the object");
            }
            ReadStorages(file, keys);
            root = Materialise(root, new HashSet<object>(ReferenceEqualityComparer.Instance));
            foreach (var storage in roots.Values)
            {
                // Views keep the storage's memory alive; the storage's own handle is no longer needed.
                storage.Data?.Dispose();
                storage.Data = null;
            }
            return new Contents(root, [.. built.Values]);
        }

        public void DisposeAll()
        {
            foreach (var t in built.Values)
            {
                t.Dispose();
            }
            foreach (var storage in roots.Values)
            {
                storage.Data?.Dispose();
            }
        }

        private void ReadStorages(Stream file, List<object?> keys)
        {
            Span<byte> count = stackalloc byte[8];
            for (var i = 0; i < keys.Count; i++)
            {
                var key = keys[i] as string ?? throw new FormatException($"storage key {i} is not a string");
                if (!roots.TryGetValue(key, out var storage))
                {
                    throw new FormatException($"storage '{key}' is listed but no tensor uses it");
                }
                file.ReadExactly(count);
                var written = BinaryPrimitives.ReadInt64LittleEndian(count);
                if (written != storage.Count)
                {
                    throw new FormatException($"storage '{key}' holds {written} elements where the object expects {storage.Count}");
                }
                var bytes = storage.Count * storage.ElementSize;
                if (bytes > int.MaxValue || bytes > file.Length - file.Position)
                {
                    throw new EndOfStreamException();
                }
                storage.Data = empty([storage.Count], storage.Type);
                file.ReadExactly(storage.Data.bytes);
            }
            var missing = roots.Values.FirstOrDefault(r => r.Data is null);
            if (missing is not null)
            {
                throw new FormatException($"storage '{missing.Key}' is used by a tensor but its bytes are not in the file");
            }
        }

        // ('storage', storage class, key, location, numel, view metadata): the layout of _legacy_save's persistent_id.
        private object? PersistentLoad(object? id)
        {
            if (id is not object?[] parts || parts.Length < 5)
            {
                throw new FormatException("a persistent id is not a tuple of the legacy format");
            }
            var kind = parts[0] as string;
            if (kind == "module")
            {
                // torch.save of a whole nn.Module records its class and source; the class name is all that is kept.
                return parts[1];
            }
            if (kind != "storage" || parts[1] is not PickledGlobal type || parts[2] is not string key || parts[4] is not long count || count < 0)
            {
                throw new FormatException("a persistent id is not a storage of the legacy format");
            }
            var (scalar, size) = TorchStorages.OfName(type.Name);
            if (!roots.TryGetValue(key, out var storage))
            {
                storage = new RootStorage(key, scalar, size, count);
                roots[key] = storage;
            }
            if (parts.Length > 5 && parts[5] is object?[] view && view.Length == 3)
            {
                // (view key, offset, size) in elements: PyTorch < 1.0 saved storage views as views of their root.
                if (view[0] is not string viewKey || view[1] is not long offset || view[2] is not long viewCount || offset < 0 || viewCount < 0 || offset + viewCount > storage.Count)
                {
                    throw new FormatException($"storage view of '{key}' has invalid bounds");
                }
                if (!views.TryGetValue(viewKey, out var existing))
                {
                    existing = new StorageView(storage, offset, viewCount);
                    views[viewKey] = existing;
                }
                return existing;
            }
            return new StorageView(storage, 0, storage.Count);
        }

        private static object? Generic(PickledGlobal callable, object?[] arguments) => new PickledObject(callable, arguments);

        private object? Call(PickledGlobal callable, object?[] arguments)
        {
            switch (callable.ToString())
            {
                case "collections.OrderedDict":
                    var dict = new OrderedDictionary<object, object?>();
                    if (arguments is [List<object?> pairs])
                    {
                        foreach (var pair in pairs)
                        {
                            if (pair is object?[] { Length: 2 } kv && kv[0] is { } k)
                            {
                                dict[k] = kv[1];
                            }
                        }
                    }
                    return dict;
                case "torch._utils._rebuild_tensor_v2":
                case "torch._utils._rebuild_tensor":
                    return Pending(arguments);
                case "torch._utils._rebuild_parameter":
                case "torch._utils._rebuild_parameter_with_state":
                    // nn.Parameter(data, requires_grad): the weights are the data.
                    return arguments.Length > 0 ? arguments[0] : throw new FormatException("_rebuild_parameter without data");
                default:
                    return new PickledObject(callable, arguments);
            }
        }

        // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]).
        private static PendingTensor Pending(object?[] arguments)
        {
            if (arguments.Length < 4 || arguments[0] is not StorageView storage || arguments[1] is not long offset
                || arguments[2] is not object?[] sizeItems || arguments[3] is not object?[] strideItems || sizeItems.Length != strideItems.Length)
            {
                throw new FormatException("a tensor's arguments (storage, offset, sizes, strides) are malformed");
            }
            var sizes = sizeItems.Select(s => s is long v && v >= 0 ? v : throw new FormatException("a tensor size is not a non-negative integer")).ToArray();
            var strides = strideItems.Select(s => s is long v && v >= 0 ? v : throw new FormatException("a tensor stride is not a non-negative integer")).ToArray();
            var last = offset;
            var hasZero = false;
            for (var d = 0; d < sizes.Length; d++)
            {
                hasZero |= sizes[d] == 0;
                last += (sizes[d] - 1) * strides[d];
            }
            if (offset < 0 || (!hasZero && last >= storage.Count))
            {
                throw new FormatException($"a tensor of sizes [{string.Join(", ", sizes)}] at offset {offset} reaches past its storage of {storage.Count} elements");
            }
            return new PendingTensor(storage, offset, sizes, strides);
        }

        private Tensor Build(PendingTensor pending)
        {
            if (!built.TryGetValue(pending, out var tensor))
            {
                var data = pending.Storage.Root.Data!;
                tensor = data.as_strided(pending.Sizes, pending.Strides, pending.Storage.Offset + pending.Offset);
                built[pending] = tensor;
            }
            return tensor;
        }

        // Replaces every pending tensor in the object graph by its tensor (shared references stay shared).
        private object? Materialise(object? value, HashSet<object> seen)
        {
            switch (value)
            {
                case PendingTensor pending:
                    return Build(pending);
                case null:
                    return null;
            }
            if (value is string or long or double or bool or BigInteger or byte[] || !seen.Add(value))
            {
                return value;
            }
            switch (value)
            {
                case OrderedDictionary<object, object?> dict:
                    for (var i = 0; i < dict.Count; i++)
                    {
                        dict.SetAt(i, Materialise(dict.GetAt(i).Value, seen));
                    }
                    break;
                case List<object?> list:
                    for (var i = 0; i < list.Count; i++)
                    {
                        list[i] = Materialise(list[i], seen);
                    }
                    break;
                case object?[] items:
                    for (var i = 0; i < items.Length; i++)
                    {
                        items[i] = Materialise(items[i], seen);
                    }
                    break;
                case PickledObject obj:
                    if (obj.Arguments is object?[] arguments)
                    {
                        Materialise(arguments, seen);
                    }
                    obj.State = Materialise(obj.State, seen);
                    break;
            }
            return value;
        }
    }
}
