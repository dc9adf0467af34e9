using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace SoundSight.Checkpoints;

/// <summary>
/// Python's unpickler as data only: runs the opcodes of one pickle (protocols 0 to 5, as far as torch.save and
/// the objects checkpoints hold use them) and stops after STOP, leaving the stream just past it, which the legacy
/// PyTorch format needs (several pickles, then raw storage bytes, in one file). Nothing is imported or executed:
/// a GLOBAL becomes a <see cref="PickledGlobal"/>, and calling one (REDUCE, NEWOBJ) goes to
/// <paramref name="call"/>; persistent ids go to <paramref name="persistentLoad"/>.
/// </summary>
/// <remarks>
/// Values: None is null, bool, int is long (or <see cref="BigInteger"/> beyond 64 bits), float is double, str is
/// string, bytes is byte[], tuple is object?[], list and set are List&lt;object?&gt;, dict is an insertion-ordered
/// <see cref="OrderedDictionary{TKey, TValue}"/>. Why not Razorvine.Pickle (which TorchSharp.PyBridge uses for the
/// zip format): its constructor registry is process-wide and PyBridge owns the torch entries in it, and it does
/// not say where a pickle ended in the stream.
/// </remarks>
internal sealed class PickleMachine(Stream input, Func<object?, object?> persistentLoad, Func<PickledGlobal, object?[], object?> call)
{
    private static readonly object Mark = new();

    private readonly List<object?> stack = [];
    private readonly Dictionary<long, object?> memo = [];

    /// <summary>Runs one pickle and returns its value.</summary>
    public object? Load()
    {
        stack.Clear();
        memo.Clear();
        while (true)
        {
            var at = input.Position;
            var op = ReadByte();
            switch (op)
            {
                case 0x80: // PROTO
                    var protocol = ReadByte();
                    if (protocol > 5)
                    {
                        throw new FormatException($"pickle protocol {protocol} is newer than any this reader knows (at most 5)");
                    }
                    break;
                case 0x95: // FRAME: only a read-ahead hint
                    ReadBytes(8);
                    break;
                case (byte)'.': // STOP
                    var result = Pop();
                    if (stack.Count != 0)
                    {
                        throw new FormatException($"pickle stopped at byte {at} with {stack.Count} values left on its stack");
                    }
                    return result;
                case (byte)'(':
                    stack.Add(Mark);
                    break;
                case (byte)'0': // POP
                    Pop();
                    break;
                case (byte)'1': // POP_MARK
                    PopToMark();
                    break;
                case (byte)'2': // DUP
                    stack.Add(Peek());
                    break;
                case (byte)'N':
                    stack.Add(null);
                    break;
                case 0x88:
                    stack.Add(true);
                    break;
                case 0x89:
                    stack.Add(false);
                    break;
                case (byte)'I': // INT (text; "01"/"00" are protocol 0's booleans)
                    var intText = ReadLine();
                    stack.Add(intText switch
                    {
                        "01" => true,
                        "00" => false,
                        _ => Integer(BigInteger.Parse(intText, CultureInfo.InvariantCulture)),
                    });
                    break;
                case (byte)'L': // LONG (text)
                    stack.Add(Integer(BigInteger.Parse(ReadLine().TrimEnd('L'), CultureInfo.InvariantCulture)));
                    break;
                case (byte)'J': // BININT
                    stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4)));
                    break;
                case (byte)'K': // BININT1
                    stack.Add((long)ReadByte());
                    break;
                case (byte)'M': // BININT2
                    stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2)));
                    break;
                case 0x8a: // LONG1
                    stack.Add(Integer(new BigInteger(ReadBytes(ReadByte()), isUnsigned: false, isBigEndian: false)));
                    break;
                case 0x8b: // LONG4
                    stack.Add(Integer(new BigInteger(ReadBytes(ReadLength(4)), isUnsigned: false, isBigEndian: false)));
                    break;
                case (byte)'F': // FLOAT (text)
                    stack.Add(double.Parse(ReadLine(), NumberStyles.Float, CultureInfo.InvariantCulture));
                    break;
                case (byte)'G': // BINFLOAT, big-endian
                    stack.Add(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8)));
                    break;
                case (byte)'X': // BINUNICODE
                    stack.Add(Utf8(ReadBytes(ReadLength(4))));
                    break;
                case 0x8c: // SHORT_BINUNICODE
                    stack.Add(Utf8(ReadBytes(ReadByte())));
                    break;
                case 0x8d: // BINUNICODE8
                    stack.Add(Utf8(ReadBytes(ReadLength(8))));
                    break;
                case (byte)'T': // BINSTRING (Python 2 str; torch.load decodes it as UTF-8)
                    stack.Add(Utf8(ReadBytes(ReadLength(4))));
                    break;
                case (byte)'U': // SHORT_BINSTRING
                    stack.Add(Utf8(ReadBytes(ReadByte())));
                    break;
                case (byte)'B': // BINBYTES
                    stack.Add(ReadBytes(ReadLength(4)));
                    break;
                case (byte)'C': // SHORT_BINBYTES
                    stack.Add(ReadBytes(ReadByte()));
                    break;
                case 0x8e: // BINBYTES8
                case 0x96: // BYTEARRAY8
                    stack.Add(ReadBytes(ReadLength(8)));
                    break;
                case (byte)')':
                    stack.Add(Array.Empty<object?>());
                    break;
                case (byte)'t':
                    stack.Add(PopToMark().ToArray());
                    break;
                case 0x85:
                    stack.Add(new[] { Pop() });
                    break;
                case 0x86:
                    {
                        var b = Pop();
                        var a = Pop();
                        stack.Add(new[] { a, b });
                        break;
                    }
                case 0x87:
                    {
                        var c = Pop();
                        var b = Pop();
                        var a = Pop();
                        stack.Add(new[] { a, b, c });
                        break;
                    }
                case (byte)']':
                    stack.Add(new List<object?>());
                    break;
                case (byte)'l': // LIST
                    stack.Add(PopToMark());
                    break;
                case (byte)'a': // APPEND
                    {
                        var item = Pop();
                        ListAt(stack.Count - 1).Add(item);
                        break;
                    }
                case (byte)'e': // APPENDS
                    {
                        var items = PopToMark();
                        ListAt(stack.Count - 1).AddRange(items);
                        break;
                    }
                case 0x8f: // EMPTY_SET
                    stack.Add(new List<object?>());
                    break;
                case 0x90: // ADDITEMS
                    {
                        var items = PopToMark();
                        ListAt(stack.Count - 1).AddRange(items);
                        break;
                    }
                case 0x91: // FROZENSET
                    stack.Add(PopToMark());
                    break;
                case (byte)'}':
                    stack.Add(new OrderedDictionary<object, object?>());
                    break;
                case (byte)'d': // DICT
                    {
                        var items = PopToMark();
                        var dict = new OrderedDictionary<object, object?>();
                        SetItems(dict, items);
                        stack.Add(dict);
                        break;
                    }
                case (byte)'s': // SETITEM
                    {
                        var value = Pop();
                        var key = Pop();
                        SetItems(DictAt(stack.Count - 1), [key, value]);
                        break;
                    }
                case (byte)'u': // SETITEMS
                    {
                        var items = PopToMark();
                        SetItems(DictAt(stack.Count - 1), items);
                        break;
                    }
                case (byte)'c': // GLOBAL
                    stack.Add(new PickledGlobal(ReadLine(), ReadLine()));
                    break;
                case 0x93: // STACK_GLOBAL
                    {
                        var name = Pop() as string;
                        var module = Pop() as string;
                        if (module is null || name is null)
                        {
                            throw new FormatException($"STACK_GLOBAL at byte {at} without a module and a name");
                        }
                        stack.Add(new PickledGlobal(module, name));
                        break;
                    }
                case (byte)'R': // REDUCE
                    {
                        var arguments = Pop() as object?[] ?? throw new FormatException($"REDUCE at byte {at} without an argument tuple");
                        stack.Add(call(Callable(Pop(), at), arguments));
                        break;
                    }
                case 0x81: // NEWOBJ
                    {
                        var arguments = Pop() as object?[] ?? throw new FormatException($"NEWOBJ at byte {at} without an argument tuple");
                        stack.Add(call(Callable(Pop(), at), arguments));
                        break;
                    }
                case 0x92: // NEWOBJ_EX
                    {
                        Pop(); // keyword arguments
                        var arguments = Pop() as object?[] ?? throw new FormatException($"NEWOBJ_EX at byte {at} without an argument tuple");
                        stack.Add(call(Callable(Pop(), at), arguments));
                        break;
                    }
                case (byte)'b': // BUILD
                    {
                        var state = Pop();
                        // An OrderedDict's instance attributes (a state_dict's _metadata) and any other object's
                        // state are kept where there is room for them and otherwise dropped: no weights live there.
                        if (Peek() is PickledObject target)
                        {
                            target.State = state;
                        }
                        break;
                    }
                case (byte)'p': // PUT (text)
                    memo[long.Parse(ReadLine(), CultureInfo.InvariantCulture)] = Peek();
                    break;
                case (byte)'q': // BINPUT
                    memo[ReadByte()] = Peek();
                    break;
                case (byte)'r': // LONG_BINPUT
                    memo[BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))] = Peek();
                    break;
                case 0x94: // MEMOIZE
                    memo[memo.Count] = Peek();
                    break;
                case (byte)'g': // GET (text)
                    stack.Add(Memo(long.Parse(ReadLine(), CultureInfo.InvariantCulture), at));
                    break;
                case (byte)'h': // BINGET
                    stack.Add(Memo(ReadByte(), at));
                    break;
                case (byte)'j': // LONG_BINGET
                    stack.Add(Memo(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)), at));
                    break;
                case (byte)'P': // PERSID (text)
                    stack.Add(persistentLoad(ReadLine()));
                    break;
                case (byte)'Q': // BINPERSID
                    stack.Add(persistentLoad(Pop()));
                    break;
                default:
                    throw new FormatException($"pickle opcode 0x{op:x2} at byte {at} is not one a checkpoint uses");
            }
        }
    }

    private static object Integer(BigInteger value) => value >= long.MinValue && value <= long.MaxValue ? (long)value : value;

    private static string Utf8(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException("a pickled string is not valid UTF-8");
        }
    }

    private static PickledGlobal Callable(object? value, long at) =>
        value as PickledGlobal ?? throw new FormatException($"call at byte {at} of something that is not a class or function ({value?.GetType().Name ?? "None"})");

    private static void SetItems(OrderedDictionary<object, object?> dict, List<object?> items)
    {
        if (items.Count % 2 != 0)
        {
            throw new FormatException("a dict was given an odd number of keys and values");
        }
        for (var i = 0; i < items.Count; i += 2)
        {
            // A tuple key is an array; it is kept (by reference) as checkpoints never look keys up by tuple.
            var key = items[i] ?? throw new FormatException("a dict key is None, which this reader does not keep");
            dict[key] = items[i + 1];
        }
    }

    private List<object?> ListAt(int index) =>
        index >= 0 && stack[index] is List<object?> list ? list : throw new FormatException("APPEND to something that is not a list");

    private OrderedDictionary<object, object?> DictAt(int index) =>
        index >= 0 && stack[index] is OrderedDictionary<object, object?> dict ? dict : throw new FormatException("SETITEM on something that is not a dict");

    private object? Memo(long index, long at) =>
        memo.TryGetValue(index, out var value) ? value : throw new FormatException($"memo entry {index} read at byte {at} was never stored");

    private object? Peek() => stack.Count > 0 && !ReferenceEquals(stack[^1], Mark) ? stack[^1] : throw new FormatException("pickle stack underflow");

    private object? Pop()
    {
        var value = Peek();
        stack.RemoveAt(stack.Count - 1);
        return value;
    }

    private List<object?> PopToMark()
    {
        var mark = stack.FindLastIndex(v => ReferenceEquals(v, Mark));
        if (mark < 0)
        {
            throw new FormatException("pickle MARK missing");
        }
        var items = stack.GetRange(mark + 1, stack.Count - mark - 1);
        stack.RemoveRange(mark, stack.Count - mark);
        return items;
    }

    private byte ReadByte()
    {
        var b = input.ReadByte();
        return b < 0 ? throw new EndOfStreamException() : (byte)b;
    }

    private int ReadLength(int width)
    {
        var bytes = ReadBytes(width);
        var length = width == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        // Nothing in a checkpoint's pickle is near 2 GiB; a larger length is a corrupt file, not a big string.
        return length <= int.MaxValue && (long)length <= input.Length - input.Position
            ? (int)length
            : throw new EndOfStreamException();
    }

    private byte[] ReadBytes(int count)
    {
        var bytes = new byte[count];
        input.ReadExactly(bytes);
        return bytes;
    }

    private string ReadLine()
    {
        var builder = new StringBuilder();
        for (var b = ReadByte(); b != (byte)'\n'; b = ReadByte())
        {
            if (builder.Length > 4096)
            {
                throw new FormatException("a pickle text argument runs past 4096 bytes");
            }
            builder.Append((char)b);
        }
        return builder.ToString();
    }
}
