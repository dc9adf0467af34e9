using System.Runtime.InteropServices;
using SoundSight.Models.ImageNet;
using SoundSight.Models.Onnx;

namespace SoundSight.Tests.Models;

/// <summary>The hand-written protobuf encoder, read back by the decoder the ImageNet loader uses.</summary>
public sealed class ProtoWriterTests
{
    [Fact]
    public void NestedMessagesAndFloatsReadBackAsWritten()
    {
        var floats = Enumerable.Range(0, 5000).Select(i => (i * 0.37f) - 100).ToArray();
        var inner = new ProtoWriter().Varint(1, 300).String(2, "tensor").Floats(9, floats).Varint(3, 7);
        var middle = new ProtoWriter().Message(5, inner).String(2, "graph").Message(5, new ProtoWriter().PackedInt64(1, [1, 128, 70000]));
        var outer = new ProtoWriter().Varint(1, 7).Message(7, middle).Varint(2, long.MaxValue);

        var bytes = outer.ToArray();
        Assert.Equal(outer.Length, bytes.Length);
        var top = ProtoReader.Fields(bytes);
        Assert.Equal([1, 7, 2], top.Select(f => f.Number));
        Assert.Equal(7UL, top[0].Varint);
        Assert.Equal((ulong)long.MaxValue, top[2].Varint);
        var graph = ProtoReader.Fields(top[1].Bytes);
        Assert.Equal([5, 2, 5], graph.Select(f => f.Number));
        Assert.Equal("graph", graph[1].Text);
        Assert.Equal([1L, 128, 70000], ProtoReader.Int64s(ProtoReader.Fields(graph[2].Bytes)[0]));
        var tensor = ProtoReader.Fields(graph[0].Bytes);
        Assert.Equal([1, 2, 9, 3], tensor.Select(f => f.Number));
        Assert.Equal(300UL, tensor[0].Varint);
        Assert.Equal("tensor", tensor[1].Text);
        Assert.Equal(floats, MemoryMarshal.Cast<byte, float>(tensor[2].Bytes.Span).ToArray());
        Assert.Equal(7UL, tensor[3].Varint);
    }

    [Fact]
    public void AnEmptyMessageIsEmpty()
    {
        var outer = new ProtoWriter().Message(1, new ProtoWriter());
        Assert.Equal([0x0A, 0x00], outer.ToArray());
    }
}
