namespace SoundSight.Models.Onnx;

/// <summary>
/// Builds an ONNX model (opset 13) node by node: just the operators a ResNet needs. Field numbers are those of
/// onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto).
/// </summary>
internal sealed class OnnxGraph
{
    private const int FloatType = 1;
    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly List<ProtoWriter> _inputs = [];
    private readonly List<ProtoWriter> _outputs = [];
    private int _counter;

    public string Fresh(string prefix) => $"{prefix}_{_counter++}";

    public void Input(string name, int rank) => _inputs.Add(ValueInfo(name, rank));

    public void Output(string name, int rank) => _outputs.Add(ValueInfo(name, rank));

    public string Initializer(string name, float[] values, long[] dims)
    {
        // The array is read when the model is written (ToModel), not copied now.
        _initializers.Add(new ProtoWriter().PackedInt64(1, dims).Varint(2, FloatType).String(8, name).Floats(9, values));
        return name;
    }

    public string Node(string op, string[] inputs, params (string Name, long[] Ints)[] attributes)
    {
        var output = Fresh(op.ToLowerInvariant());
        var node = new ProtoWriter();
        foreach (var i in inputs)
        {
            node.String(1, i);
        }
        node.String(2, output).String(3, output).String(4, op);
        foreach (var (name, ints) in attributes)
        {
            // A single value for scalar attributes (type INT = 2), a list otherwise (type INTS = 7).
            var attribute = new ProtoWriter().String(1, name);
            if (name is "keepdims")
            {
                attribute.Varint(3, ints[0]).Varint(20, 2);
            }
            else
            {
                attribute.PackedInt64(8, ints).Varint(20, 7);
            }
            node.Message(5, attribute);
        }
        _nodes.Add(node);
        return output;
    }

    public byte[] ToModel(string graphName)
    {
        var graph = new ProtoWriter();
        foreach (var n in _nodes)
        {
            graph.Message(1, n);
        }
        graph.String(2, graphName);
        foreach (var i in _initializers)
        {
            graph.Message(5, i);
        }
        foreach (var i in _inputs)
        {
            graph.Message(11, i);
        }
        foreach (var o in _outputs)
        {
            graph.Message(12, o);
        }
        var opset = new ProtoWriter().String(1, "").Varint(2, 13);
        return new ProtoWriter().Varint(1, 7).String(2, "SoundSight").Message(7, graph).Message(8, opset).ToArray();
    }

    private static ProtoWriter ValueInfo(string name, int rank)
    {
        var shape = new ProtoWriter();
        for (var d = 0; d < rank; d++)
        {
            shape.Message(1, new ProtoWriter().String(2, $"d{d}"));
        }
        var tensorType = new ProtoWriter().Varint(1, FloatType).Message(2, shape);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensorType));
    }
}
