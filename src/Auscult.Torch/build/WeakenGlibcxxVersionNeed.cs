// Compiled by MSBuild's RoslynCodeTaskFactory (against netstandard2.0), not by the Auscult.Torch project: see
// Auscult.Torch.Native.targets for why this exists. Needs nothing beyond the .NET SDK.
#nullable enable
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Copies an ELF64 shared library and marks one version requirement (an <c>Elf64_Vernaux</c> entry of its
/// <c>.gnu.version_r</c> section) weak, so that the dynamic loader accepts a provider that lacks that version.
/// </summary>
public sealed class AuscultWeakenGlibcxxVersionNeed : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    // Where Debian/Ubuntu (multiarch), RHEL/Fedora (lib64) and others keep the libstdc++ the loader finds through
    // ld.so.cache; the first that exists is taken as the one a process will load.
    private static readonly string[] LibStdCxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
        "/lib/libstdc++.so.6",
    };

    [Required]
    public string SourceFile { get; set; } = "";

    [Required]
    public string DestinationFile { get; set; } = "";

    /// <summary>The version requirement to weaken, e.g. GLIBCXX_3.4.32.</summary>
    [Required]
    public string VersionName { get; set; } = "";

    /// <summary>auto (only when the system libstdc++ lacks <see cref="VersionName"/>), always, or never.</summary>
    public string Mode { get; set; } = "auto";

    /// <summary>The file to copy to the output: the patched copy, or <see cref="SourceFile"/> when no patch is needed.</summary>
    [Output]
    public string ResultFile { get; set; } = "";

    /// <summary>Whether <see cref="ResultFile"/> is the patched copy.</summary>
    [Output]
    public bool Patched { get; set; }

    public override bool Execute()
    {
        ResultFile = SourceFile;
        string mode = (Mode ?? "auto").Trim().ToLowerInvariant();
        if (mode == "never")
        {
            return true;
        }

        if (mode != "auto" && mode != "always")
        {
            Log.LogError($"AuscultPatchLibTorchSharp is '{Mode}'; expected auto, always or never.");
            return false;
        }

        if (mode == "auto")
        {
            string? libStdCxx = Array.Find(LibStdCxxCandidates, File.Exists);
            if (libStdCxx != null && FileContains(libStdCxx, Encoding.ASCII.GetBytes(VersionName + "\0")))
            {
                Log.LogMessage(MessageImportance.Low, $"{libStdCxx} provides {VersionName}; {SourceFile} is used as is.");
                return true;
            }
        }

        try
        {
            var source = new FileInfo(SourceFile);
            var destination = new FileInfo(DestinationFile);

            // Incremental: a destination at least as new as the source whose entry is already weak is up to date.
            if (destination.Exists && destination.Length == source.Length && destination.LastWriteTimeUtc >= source.LastWriteTimeUtc)
            {
                byte[] existing = File.ReadAllBytes(destination.FullName);
                if (FindVernauxFlagsOffset(existing, destination.FullName, out bool found) is int at && found
                    && (ReadU16(existing, at) & VerFlgWeak) != 0)
                {
                    ResultFile = destination.FullName;
                    Patched = true;
                    return true;
                }
            }

            byte[] image = File.ReadAllBytes(source.FullName);
            int? flagsOffset = FindVernauxFlagsOffset(image, source.FullName, out bool present);
            if (!present || flagsOffset is null)
            {
                // A later TorchSharp built against an older libstdc++: nothing to weaken, the package file is fine.
                Log.LogMessage(MessageImportance.High, $"{source.FullName} does not require {VersionName}; not patched.");
                return true;
            }

            int flagsAt = flagsOffset.Value;
            WriteU16(image, flagsAt, (ushort)(ReadU16(image, flagsAt) | VerFlgWeak));

            // Copy (keeping the file mode), patch the two bytes, then move into place: an interrupted build never
            // leaves a half-written library.
            Directory.CreateDirectory(destination.DirectoryName!);
            string temp = destination.FullName + ".tmp";
            File.Copy(source.FullName, temp, overwrite: true);
            using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Write))
            {
                stream.Position = flagsAt;
                stream.Write(image, flagsAt, 2);
            }

            if (File.Exists(destination.FullName))
            {
                File.Delete(destination.FullName);
            }

            File.Move(temp, destination.FullName);
            Log.LogMessage(MessageImportance.High,
                $"Marked the {VersionName} requirement of {source.Name} weak (vna_flags at 0x{flagsAt:x}) in {destination.FullName}.");
            ResultFile = destination.FullName;
            Patched = true;
            return true;
        }
        catch (InvalidDataException ex)
        {
            Log.LogError(ex.Message);
            return false;
        }
    }

    /// <summary>
    /// The file offset of <c>vna_flags</c> in the <c>Elf64_Vernaux</c> named <see cref="VersionName"/>;
    /// <paramref name="found"/> is false when no entry has that name. Throws on any structure it does not expect.
    /// </summary>
    private int? FindVernauxFlagsOffset(byte[] elf, string path, out bool found)
    {
        found = false;
        void Require(bool ok, string what)
        {
            if (!ok)
            {
                throw new InvalidDataException($"{path}: unexpected ELF structure ({what}); cannot mark {VersionName} weak.");
            }
        }

        // e_ident: magic, ELFCLASS64 (2), ELFDATA2LSB (1); e_machine EM_X86_64 (62).
        Require(elf.Length >= 64 && elf[0] == 0x7f && elf[1] == (byte)'E' && elf[2] == (byte)'L' && elf[3] == (byte)'F', "no ELF magic");
        Require(elf[4] == 2 && elf[5] == 1, "not a little-endian ELF64 file");
        Require(ReadU16(elf, 18) == 62, "not an x86-64 file");

        long shoff = (long)ReadU64(elf, 0x28);
        int shentsize = ReadU16(elf, 0x3a);
        int shnum = ReadU16(elf, 0x3c);
        Require(shoff > 0 && shentsize == 64 && shnum > 0 && shoff + ((long)shnum * shentsize) <= elf.Length, "bad section header table");

        int verneed = -1;
        for (int i = 0; i < shnum; i++)
        {
            if (ReadU32(elf, (int)shoff + (i * 64) + 4) == ShtGnuVerneed)
            {
                Require(verneed < 0, "two SHT_GNU_verneed sections");
                verneed = i;
            }
        }

        Require(verneed >= 0, "no .gnu.version_r (SHT_GNU_verneed) section");
        int sh = (int)shoff + (verneed * 64);
        long secOffset = (long)ReadU64(elf, sh + 0x18);
        long secSize = (long)ReadU64(elf, sh + 0x20);
        int strIndex = (int)ReadU32(elf, sh + 0x28);
        int entryCount = (int)ReadU32(elf, sh + 0x2c);
        Require(secOffset > 0 && secOffset + secSize <= elf.Length, ".gnu.version_r lies outside the file");
        Require(strIndex > 0 && strIndex < shnum, ".gnu.version_r links to no string table");

        int strSh = (int)shoff + (strIndex * 64);
        long strOffset = (long)ReadU64(elf, strSh + 0x18);
        long strSize = (long)ReadU64(elf, strSh + 0x20);
        Require(strOffset > 0 && strOffset + strSize <= elf.Length, "the string table lies outside the file");

        string Name(uint offset)
        {
            Require(offset < strSize, "a name lies outside the string table");
            int start = (int)(strOffset + offset);
            int end = Array.IndexOf(elf, (byte)0, start, (int)(strSize - offset));
            Require(end >= 0, "an unterminated name");
            return Encoding.ASCII.GetString(elf, start, end - start);
        }

        int? result = null;
        long need = secOffset;
        for (int n = 0; n < entryCount; n++)
        {
            // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
            Require(need + 16 <= secOffset + secSize, "an Elf64_Verneed entry runs past the section");
            int at = (int)need;
            Require(ReadU16(elf, at) == 1, "an Elf64_Verneed of an unknown version");
            int auxCount = ReadU16(elf, at + 2);
            string file = Name(ReadU32(elf, at + 4));
            long aux = need + ReadU32(elf, at + 8);
            for (int a = 0; a < auxCount; a++)
            {
                // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
                Require(aux + 16 <= secOffset + secSize, "an Elf64_Vernaux entry runs past the section");
                if (Name(ReadU32(elf, (int)aux + 8)) == VersionName)
                {
                    Require(file.StartsWith("libstdc++.so", StringComparison.Ordinal), $"{VersionName} is required from {file}, not libstdc++");
                    Require(result is null, $"{VersionName} is required twice");
                    result = (int)aux + 4;
                }

                uint nextAux = ReadU32(elf, (int)aux + 12);
                Require(nextAux != 0 || a == auxCount - 1, "the Elf64_Vernaux chain ends early");
                aux += nextAux;
            }

            uint next = ReadU32(elf, at + 12);
            Require(next != 0 || n == entryCount - 1, "the Elf64_Verneed chain ends early");
            need += next;
        }

        found = result is not null;
        return result;
    }

    private static bool FileContains(string path, byte[] needle)
    {
        byte[] haystack = File.ReadAllBytes(path);
        for (int i = 0; i <= haystack.Length - needle.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return true;
            }
        }

        return false;
    }

    private static ushort ReadU16(byte[] b, int at) => (ushort)(b[at] | (b[at + 1] << 8));

    private static uint ReadU32(byte[] b, int at) => (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));

    private static ulong ReadU64(byte[] b, int at) => ReadU32(b, at) | ((ulong)ReadU32(b, at + 4) << 32);

    private static void WriteU16(byte[] b, int at, ushort value)
    {
        b[at] = (byte)value;
        b[at + 1] = (byte)(value >> 8);
    }
}
