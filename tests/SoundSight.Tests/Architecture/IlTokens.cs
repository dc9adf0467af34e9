using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Emit;

namespace SoundSight.Tests.Architecture;

/// <summary>
/// Walks a method body's IL and yields the metadata tokens its instructions name (types, methods, fields). The
/// operand sizes come from System.Reflection.Emit.OpCodes, so every opcode the runtime knows is stepped over right.
/// </summary>
internal static class IlTokens
{
    private static readonly Dictionary<ushort, OpCode> Codes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(c => unchecked((ushort)c.Value));

    public static IEnumerable<int> Read(byte[] il)
    {
        var tokens = new List<int>();
        var at = 0;
        while (at < il.Length)
        {
            ushort value = il[at++];
            if (value == 0xFE)
            {
                value = (ushort)(0xFE00 | il[at++]);
            }
            var code = Codes[value];
            switch (code.OperandType)
            {
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                    tokens.Add(BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(at)));
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    var count = BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(at));
                    at += 4 + (4 * count);
                    break;
                default:
                    at += OperandSize(code.OperandType);
                    break;
            }
        }
        return tokens;
    }

    private static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR: four bytes.
        _ => 4,
    };
}
