using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

// Marks chosen version requirements of an ELF shared object as weak (VER_FLG_WEAK), so that the dynamic
// loader accepts a libstdc++ that lacks them. libLibTorchSharp.so asks for GLIBCXX_3.4.32 only to pull in
// std::ios_base_library_init(), which nothing calls; Debian 12 ships 3.4.30. Patching the copied file keeps
// the system and the NuGet cache untouched. The edit is idempotent: a flag already set is left alone.
public sealed class ElfWeakVersionTask : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string Versions { get; set; } = "";

    public override bool Execute()
    {
        var wanted = Versions.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries);
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            if (!File.Exists(path))
            {
                continue;
            }
            try
            {
                var patched = Patch(path, wanted);
                if (patched > 0)
                {
                    Log.LogMessage(MessageImportance.High, $"SoundSight: marked {patched} version need(s) weak in {path}");
                }
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
            {
                Log.LogError($"SoundSight: cannot patch {path}: {e.Message}");
                return false;
            }
        }
        return true;
    }

    private static int Patch(string path, string[] wanted)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file");
        }
        if (bytes[4] != 2 || bytes[5] != 1)
        {
            throw new InvalidDataException("only 64-bit little-endian ELF is supported");
        }
        var shoff = (long)BitConverter.ToUInt64(bytes, 0x28);
        int shentsize = BitConverter.ToUInt16(bytes, 0x3A);
        int shnum = BitConverter.ToUInt16(bytes, 0x3C);
        var changed = 0;
        for (var s = 0; s < shnum; s++)
        {
            var sh = checked((int)(shoff + (long)s * shentsize));
            if (BitConverter.ToUInt32(bytes, sh + 4) != ShtGnuVerneed)
            {
                continue;
            }
            var offset = checked((int)BitConverter.ToUInt64(bytes, sh + 0x18));
            var link = (int)BitConverter.ToUInt32(bytes, sh + 0x28);
            var count = (int)BitConverter.ToUInt32(bytes, sh + 0x2C);
            var strSh = checked((int)(shoff + (long)link * shentsize));
            var strOffset = checked((int)BitConverter.ToUInt64(bytes, strSh + 0x18));

            var need = offset;
            for (var n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(bytes, need + 2);
                var aux = need + (int)BitConverter.ToUInt32(bytes, need + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    var name = ReadString(bytes, strOffset + (int)BitConverter.ToUInt32(bytes, aux + 8));
                    var flags = BitConverter.ToUInt16(bytes, aux + 4);
                    if (Array.IndexOf(wanted, name) >= 0 && (flags & VerFlgWeak) == 0)
                    {
                        flags |= VerFlgWeak;
                        bytes[aux + 4] = (byte)(flags & 0xff);
                        bytes[aux + 5] = (byte)(flags >> 8);
                        changed++;
                    }
                    aux += (int)BitConverter.ToUInt32(bytes, aux + 12);
                }
                need += (int)BitConverter.ToUInt32(bytes, need + 12);
            }
        }
        if (changed > 0)
        {
            // Write beside and rename, so that an interrupted build never leaves a torn library behind.
            var temp = path + ".weak-tmp";
            File.WriteAllBytes(temp, bytes);
            File.Copy(temp, path, overwrite: true);
            File.Delete(temp);
        }
        return changed;
    }

    private static string ReadString(byte[] bytes, int start)
    {
        var end = start;
        while (end < bytes.Length && bytes[end] != 0)
        {
            end++;
        }
        return Encoding.ASCII.GetString(bytes, start, end - start);
    }
}
