using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OpenClue.Server.Platform.Storage;

/// <summary>
/// The few Linux calls .NET does not expose that confining a local bucket needs: the real path of a path or of an
/// open descriptor, the type of a file without following links, and opening without blocking (a FIFO would block
/// <c>open</c> itself). <c>statx</c> is used because its record has one layout on every architecture.
/// </summary>
internal static partial class NativeFiles
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1, StatxSize = 0x200;
    private const int ORdOnly = 0, ONonBlock = 0x800, OCloExec = 0x80000;
    private const int ENoEnt = 2, ENotDir = 20, ELoop = 40;
    private const int StatxBytes = 256, ModeOffset = 28, SizeOffset = 40;

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint RealPathNative(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint pointer);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, Span<byte> buffer);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags, int mode);

    /// <summary>The canonical absolute path (every link resolved), or null when some component does not exist.</summary>
    public static string? RealPath(string path)
    {
        var resolved = RealPathNative(path, 0);
        if (resolved == 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is ENoEnt or ENotDir or ELoop) return null;
            throw new IOException($"realpath({path}) failed", new Win32Exception(errno));
        }
        try { return Marshal.PtrToStringUTF8(resolved); }
        finally { Free(resolved); }
    }

    /// <summary>The kind and size of the path itself (a link is reported as a link, not followed).</summary>
    public static (NativeFileKind Kind, long Size) Stat(string path)
    {
        Span<byte> buffer = stackalloc byte[StatxBytes];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxSize, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is ENoEnt or ENotDir) return (NativeFileKind.Missing, 0);
            throw new IOException($"statx({path}) failed", new Win32Exception(errno));
        }
        return Decode(buffer);
    }

    /// <summary>
    /// Opens a path for reading without blocking on FIFOs or devices; the caller checks what was opened
    /// (<see cref="KindOf"/>, <see cref="RealPathOf"/>) before reading. Null when the path does not exist.
    /// </summary>
    public static SafeFileHandle? OpenForReading(string path)
    {
        var fd = Open(path, ORdOnly | ONonBlock | OCloExec, 0);
        if (fd >= 0) return new SafeFileHandle(fd, ownsHandle: true);
        var errno = Marshal.GetLastPInvokeError();
        if (errno is ENoEnt or ENotDir) return null;
        if (errno == 13) throw new UnauthorizedAccessException($"{path} cannot be opened: permission denied");
        throw new IOException($"open({path}) failed", new Win32Exception(errno));
    }

    public static NativeFileKind KindOf(SafeFileHandle handle)
    {
        Span<byte> buffer = stackalloc byte[StatxBytes];
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (Statx((int)handle.DangerousGetHandle(), "", AtEmptyPath, StatxType, buffer) != 0)
                throw new IOException("statx of an open file failed", new Win32Exception(Marshal.GetLastPInvokeError()));
        }
        finally { if (added) handle.DangerousRelease(); }
        return Decode(buffer).Kind;
    }

    /// <summary>Where the open file really is: the kernel's own record, immune to links swapped after opening.</summary>
    public static string? RealPathOf(SafeFileHandle handle) =>
        new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget;

    private static (NativeFileKind Kind, long Size) Decode(ReadOnlySpan<byte> statx)
    {
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(statx[ModeOffset..]) & 0xF000;
        var size = (long)BinaryPrimitives.ReadUInt64LittleEndian(statx[SizeOffset..]);
        var kind = mode switch
        {
            0x8000 => NativeFileKind.Regular,
            0x4000 => NativeFileKind.Directory,
            0xA000 => NativeFileKind.SymbolicLink,
            0x1000 => NativeFileKind.Fifo,
            _ => NativeFileKind.Other,
        };
        return (kind, size);
    }
}
