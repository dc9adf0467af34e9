using System.Runtime.InteropServices;
using SoundSight.IO;

namespace SoundSight.Models.ImageNet;

/// <summary>One node of an ONNX graph: operator, inputs, outputs and its integer(-list) attributes.</summary>
internal sealed record OnnxNode(string Op, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyDictionary<string, long[]> Ints);

/// <summary>A float32 initializer (a weight) of an ONNX graph.</summary>
internal sealed record OnnxTensor(string Name, long[] Dims, float[] Values);

/// <summary>
/// An ONNX model file read with <see cref="ProtoReader"/>: its nodes in file order and its float initializers
/// (raw_data or float_data). Field numbers are those of onnx.proto. Also rewrites the model with extra graph
/// outputs, so that ONNX Runtime can return intermediate feature maps of the original graph.
/// </summary>
internal sealed class OnnxModelFile
{
    private readonly byte[] _bytes;

    private OnnxModelFile(string path, byte[] bytes, List<OnnxNode> nodes, Dictionary<string, OnnxTensor> initializers, List<string> inputs, List<string> outputs)
    {
        Path = path;
        _bytes = bytes;
        Nodes = nodes;
        Initializers = initializers;
        Inputs = inputs;
        Outputs = outputs;
    }

    public string Path { get; }

    public IReadOnlyList<OnnxNode> Nodes { get; }

    public IReadOnlyDictionary<string, OnnxTensor> Initializers { get; }

    /// <summary>Graph inputs that are not initializers.</summary>
    public IReadOnlyList<string> Inputs { get; }

    public IReadOnlyList<string> Outputs { get; }

    public static OnnxModelFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, "ONNX model not found");
        }
        var bytes = File.ReadAllBytes(path);
        try
        {
            var graph = ProtoReader.Fields(bytes).FirstOrDefault(f => f.Number == 7 && f.WireType == 2);
            if (graph.Number != 7)
            {
                throw new FormatException("no graph in the model");
            }
            var nodes = new List<OnnxNode>();
            var initializers = new Dictionary<string, OnnxTensor>();
            var inputs = new List<string>();
            var outputs = new List<string>();
            foreach (var field in ProtoReader.Fields(graph.Bytes))
            {
                switch (field.Number)
                {
                    case 1:
                        nodes.Add(Node(field.Bytes));
                        break;
                    case 5:
                        var t = Tensor(field.Bytes);
                        initializers[t.Name] = t;
                        break;
                    case 11:
                        inputs.Add(ValueInfoName(field.Bytes));
                        break;
                    case 12:
                        outputs.Add(ValueInfoName(field.Bytes));
                        break;
                }
            }
            inputs.RemoveAll(initializers.ContainsKey);
            return new OnnxModelFile(path, bytes, nodes, initializers, inputs, outputs);
        }
        catch (FormatException e)
        {
            throw new InputException(path, $"not a readable ONNX model: {e.Message}");
        }
    }

    public OnnxTensor Initializer(string name) =>
        Initializers.TryGetValue(name, out var t) ? t : throw new InputException(Path, $"initializer '{name}' is missing");

    /// <summary>The model's bytes with <paramref name="extraOutputs"/> declared as further float graph outputs.</summary>
    public byte[] WithOutputs(IEnumerable<string> extraOutputs)
    {
        // Repeated fields merge in protobuf, so appending output ValueInfos to the graph's bytes is a valid graph.
        var graph = new Onnx.ProtoWriter();
        foreach (var name in extraOutputs)
        {
            var tensorType = new Onnx.ProtoWriter().Varint(1, 1);
            graph.Message(12, new Onnx.ProtoWriter().String(1, name).Message(2, new Onnx.ProtoWriter().Message(1, tensorType)));
        }
        var model = new Onnx.ProtoWriter();
        foreach (var field in ProtoReader.Fields(_bytes))
        {
            if (field.Number == 7)
            {
                model.Bytes(7, [.. field.Bytes.Span, .. graph.ToArray()]);
            }
            else if (field.WireType == 0)
            {
                model.Varint(field.Number, (long)field.Varint);
            }
            else
            {
                model.Bytes(field.Number, field.Bytes.Span);
            }
        }
        return model.ToArray();
    }

    private static OnnxNode Node(ReadOnlyMemory<byte> bytes)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var ints = new Dictionary<string, long[]>();
        var op = "";
        foreach (var f in ProtoReader.Fields(bytes))
        {
            switch (f.Number)
            {
                case 1: inputs.Add(f.Text); break;
                case 2: outputs.Add(f.Text); break;
                case 4: op = f.Text; break;
                case 5:
                    var attribute = ProtoReader.Fields(f.Bytes);
                    var name = attribute.First(a => a.Number == 1).Text;
                    // AttributeProto: i = 3 (INT), ints = 8 (INTS).
                    var values = attribute.Where(a => a.Number is 3 or 8).SelectMany(ProtoReader.Int64s).ToArray();
                    if (values.Length > 0)
                    {
                        ints[name] = values;
                    }
                    break;
            }
        }
        return new OnnxNode(op, inputs, outputs, ints);
    }

    private static OnnxTensor Tensor(ReadOnlyMemory<byte> bytes)
    {
        var fields = ProtoReader.Fields(bytes);
        var dims = fields.Where(f => f.Number == 1).SelectMany(ProtoReader.Int64s).ToArray();
        var name = fields.FirstOrDefault(f => f.Number == 8).Text ?? "";
        var dataType = fields.Where(f => f.Number == 2).Select(f => (int)f.Varint).FirstOrDefault(1);
        if (dataType != 1)
        {
            throw new FormatException($"initializer '{name}' is not float32 (data type {dataType})");
        }
        var count = dims.Aggregate(1L, (a, d) => a * d);
        var raw = fields.FirstOrDefault(f => f.Number == 9);
        var packed = fields.Where(f => f.Number == 4).ToList();
        float[] values;
        if (raw.Number == 9)
        {
            values = MemoryMarshal.Cast<byte, float>(raw.Bytes.Span).ToArray();
        }
        else if (packed.Count == 1 && packed[0].WireType == 2)
        {
            values = MemoryMarshal.Cast<byte, float>(packed[0].Bytes.Span).ToArray();
        }
        else
        {
            values = packed.Select(f => BitConverter.ToSingle(f.Bytes.Span)).ToArray();
        }
        if (values.LongLength != count)
        {
            throw new FormatException($"initializer '{name}' holds {values.Length} values for shape [{string.Join(", ", dims)}]");
        }
        return new OnnxTensor(name, dims, values);
    }

    private static string ValueInfoName(ReadOnlyMemory<byte> bytes) =>
        ProtoReader.Fields(bytes).First(f => f.Number == 1).Text;
}
