using System.Buffers.Binary;
using System.Text;

namespace DatasetForge.Torch.Native;

/// <summary>
/// Reads and edits the symbol-version sections of 64-bit little-endian ELF shared libraries:
/// the versions a library needs (<c>.gnu.version_r</c>) and the versions it defines (<c>.gnu.version_d</c>).
/// </summary>
public static class ElfVersions
{
    /// <summary><c>VER_FLG_WEAK</c>: a missing version is reported, not fatal.</summary>
    public const ushort WeakFlag = 0x2;

    private const uint SectionTypeVersionNeed = 0x6ffffffe;
    private const uint SectionTypeVersionDefinition = 0x6ffffffd;
    private const int SectionHeaderSize = 64;

    /// <summary>Every version the library needs, in file order.</summary>
    public static IReadOnlyList<ElfVersionNeed> ReadVersionNeeds(ReadOnlySpan<byte> image)
    {
        var result = new List<ElfVersionNeed>();
        if (!TryFindSection(image, SectionTypeVersionNeed, out var section))
        {
            return result;
        }

        var strings = ReadSection(image, section.Link);
        long entry = section.Offset;
        for (var i = 0; i < section.Info; i++)
        {
            var need = Slice(image, entry, 16);
            var count = BinaryPrimitives.ReadUInt16LittleEndian(need[2..]);
            var file = ReadString(image, strings, BinaryPrimitives.ReadUInt32LittleEndian(need[4..]));
            var auxOffset = BinaryPrimitives.ReadUInt32LittleEndian(need[8..]);
            var next = BinaryPrimitives.ReadUInt32LittleEndian(need[12..]);
            long aux = entry + auxOffset;
            for (var j = 0; j < count; j++)
            {
                var vernaux = Slice(image, aux, 16);
                var flags = BinaryPrimitives.ReadUInt16LittleEndian(vernaux[4..]);
                var name = ReadString(image, strings, BinaryPrimitives.ReadUInt32LittleEndian(vernaux[8..]));
                result.Add(new ElfVersionNeed(file, name, flags, aux + 4));
                var auxNext = BinaryPrimitives.ReadUInt32LittleEndian(vernaux[12..]);
                if (auxNext == 0)
                {
                    break;
                }

                aux += auxNext;
            }

            if (next == 0)
            {
                break;
            }

            entry += next;
        }

        return result;
    }

    /// <summary>Every version name the library defines (for libstdc++: GLIBCXX_3.4, …, CXXABI_1.3, …).</summary>
    public static IReadOnlySet<string> ReadVersionDefinitions(ReadOnlySpan<byte> image)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (!TryFindSection(image, SectionTypeVersionDefinition, out var section))
        {
            return result;
        }

        var strings = ReadSection(image, section.Link);
        long entry = section.Offset;
        for (var i = 0; i < section.Info; i++)
        {
            var verdef = Slice(image, entry, 20);
            var count = BinaryPrimitives.ReadUInt16LittleEndian(verdef[6..]);
            var auxOffset = BinaryPrimitives.ReadUInt32LittleEndian(verdef[12..]);
            var next = BinaryPrimitives.ReadUInt32LittleEndian(verdef[16..]);
            if (count > 0)
            {
                // The first auxiliary entry is the version's own name; the others name its parents.
                var verdaux = Slice(image, entry + auxOffset, 8);
                result.Add(ReadString(image, strings, BinaryPrimitives.ReadUInt32LittleEndian(verdaux)));
            }

            if (next == 0)
            {
                break;
            }

            entry += next;
        }

        return result;
    }

    /// <summary>
    /// Sets <see cref="WeakFlag"/> on every need of <paramref name="versionName"/>, so that the dynamic loader accepts a
    /// library that lacks it. Changes at most the two flag bytes of those entries; idempotent.
    /// </summary>
    public static ElfPatchOutcome WeakenVersionNeed(Span<byte> image, string versionName)
    {
        ArgumentException.ThrowIfNullOrEmpty(versionName);
        var needs = ReadVersionNeeds(image).Where(n => n.Name == versionName).ToList();
        if (needs.Count == 0)
        {
            return ElfPatchOutcome.NotNeeded;
        }

        if (needs.All(n => n.IsWeak))
        {
            return ElfPatchOutcome.AlreadyWeak;
        }

        foreach (var need in needs.Where(n => !n.IsWeak))
        {
            BinaryPrimitives.WriteUInt16LittleEndian(image.Slice(checked((int)need.FlagsOffset), 2), (ushort)(need.Flags | WeakFlag));
        }

        return ElfPatchOutcome.Patched;
    }

    private static bool TryFindSection(ReadOnlySpan<byte> image, uint type, out SectionHeader section)
    {
        CheckHeader(image);
        var sectionTable = (long)BinaryPrimitives.ReadUInt64LittleEndian(image[0x28..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(image[0x3A..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(image[0x3C..]);
        if (entrySize < SectionHeaderSize && count > 0)
        {
            throw new InvalidDataException($"ELF section headers of {entrySize} bytes are too small.");
        }

        for (var i = 0; i < count; i++)
        {
            var header = ReadSectionHeader(image, sectionTable + ((long)i * entrySize));
            if (header.Type == type)
            {
                section = header;
                return true;
            }
        }

        section = default;
        return false;
    }

    private static SectionHeader ReadSection(ReadOnlySpan<byte> image, uint index)
    {
        var sectionTable = (long)BinaryPrimitives.ReadUInt64LittleEndian(image[0x28..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(image[0x3A..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(image[0x3C..]);
        if (index >= count)
        {
            throw new InvalidDataException($"ELF section index {index} is out of range ({count} sections).");
        }

        return ReadSectionHeader(image, sectionTable + ((long)index * entrySize));
    }

    private static SectionHeader ReadSectionHeader(ReadOnlySpan<byte> image, long offset)
    {
        var header = Slice(image, offset, SectionHeaderSize);
        return new SectionHeader(
            Type: BinaryPrimitives.ReadUInt32LittleEndian(header[4..]),
            Offset: checked((long)BinaryPrimitives.ReadUInt64LittleEndian(header[24..])),
            Size: checked((long)BinaryPrimitives.ReadUInt64LittleEndian(header[32..])),
            Link: BinaryPrimitives.ReadUInt32LittleEndian(header[40..]),
            Info: BinaryPrimitives.ReadUInt32LittleEndian(header[44..]));
    }

    private static void CheckHeader(ReadOnlySpan<byte> image)
    {
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
        {
            throw new InvalidDataException("Not an ELF file.");
        }

        if (image[4] != 2 || image[5] != 1)
        {
            throw new InvalidDataException("Only 64-bit little-endian ELF files are supported.");
        }
    }

    private static string ReadString(ReadOnlySpan<byte> image, SectionHeader strings, uint offset)
    {
        if (offset >= strings.Size)
        {
            throw new InvalidDataException($"ELF string offset {offset} is outside its string table.");
        }

        var rest = Slice(image, strings.Offset + offset, strings.Size - offset);
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            throw new InvalidDataException("Unterminated string in an ELF string table.");
        }

        return Encoding.ASCII.GetString(rest[..end]);
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> image, long offset, long length)
    {
        if (offset < 0 || length < 0 || offset + length > image.Length)
        {
            throw new InvalidDataException($"ELF structure at offset {offset} ({length} bytes) runs past the end of the file.");
        }

        return image.Slice((int)offset, (int)length);
    }

    private readonly record struct SectionHeader(uint Type, long Offset, long Size, uint Link, uint Info);
}
