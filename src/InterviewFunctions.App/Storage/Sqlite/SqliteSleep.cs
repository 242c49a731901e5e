using System.Runtime.InteropServices;

namespace InterviewFunctions.App.Storage.Sqlite;

/// <summary>
/// Gives SQLite a sleep as fine as it asks for. The e_sqlite3 library that restores here (SQLitePCLRaw 2.0.6) was
/// built without <c>usleep</c>, so its Unix VFS rounds every pause up to whole seconds: when a connection in WAL mode
/// retries a read lock a few times under write load, SQLite asks for 1 µs and sleeps for 1 s. The writer holds the
/// single write lease while that happens, so every request that writes waited a full second (seen in the webhook
/// benchmark as bursts of 1.0 s and 2.0 s requests, and as <c>clock_nanosleep({tv_sec=1})</c> under strace).
/// <para>
/// SQLite's documented remedy for a VFS that does not suit is a shim VFS: a copy of the default one, registered as the
/// new default, that replaces only <c>xSleep</c>. Connections opened afterwards use it.
/// </para>
/// </summary>
internal static class SqliteSleep
{
    private const string Library = "e_sqlite3";
    private const string ShimName = "unix-finesleep";

    // sqlite3_vfs (sqlite3.h): int iVersion, szOsFile, mxPathname; then pointers: pNext, zName, pAppData, xOpen,
    // xDelete, xAccess, xFullPathname, xDlOpen, xDlError, xDlSym, xDlClose, xRandomness, xSleep, xCurrentTime,
    // xGetLastError (end of version 1), xCurrentTimeInt64 (version 2), xSetSystemCall, xGetSystemCall,
    // xNextSystemCall (version 3).
    private static readonly int HeaderSize = IntPtr.Size == 8 ? 16 : 12;
    private static readonly int NameOffset = HeaderSize + IntPtr.Size;
    private static readonly int SleepOffset = HeaderSize + (12 * IntPtr.Size);

    private static readonly Lock Gate = new();
    private static readonly SleepCallback Callback = Sleep;
    private static bool _installed;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int SleepCallback(IntPtr vfs, int microseconds);

    /// <summary>Registers the shim as SQLite's default VFS, once per process, on systems whose VFS is the Unix one.</summary>
    public static void Install()
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
        {
            // The Windows VFS sleeps in milliseconds already.
            return;
        }
        lock (Gate)
        {
            if (_installed)
            {
                return;
            }
            var original = sqlite3_vfs_find(IntPtr.Zero);
            if (original == IntPtr.Zero)
            {
                throw new InvalidOperationException("SQLite has no default VFS.");
            }
            var size = StructSize(Marshal.ReadInt32(original));
            var shim = Marshal.AllocHGlobal(size);
            var bytes = new byte[size];
            Marshal.Copy(original, bytes, 0, size);
            Marshal.Copy(bytes, 0, shim, size);
            // The shim lives as long as the process: SQLite keeps the pointers of a registered VFS.
            Marshal.WriteIntPtr(shim, NameOffset, Marshal.StringToHGlobalAnsi(ShimName));
            Marshal.WriteIntPtr(shim, SleepOffset, Marshal.GetFunctionPointerForDelegate(Callback));
            var result = sqlite3_vfs_register(shim, makeDefault: 1);
            if (result != 0)
            {
                throw new InvalidOperationException($"SQLite refused the fine-sleep VFS (result code {result}).");
            }
            _installed = true;
        }
    }

    /// <summary>What SQLite reports having slept when asked for a millisecond (<c>sqlite3_sleep</c>), in milliseconds.</summary>
    public static int SleepOneMillisecond() => sqlite3_sleep(1);

    private static int StructSize(int version) => HeaderSize + (IntPtr.Size * version switch
    {
        1 => 15,
        2 => 16,
        _ => 19,
    });

    private static int Sleep(IntPtr vfs, int microseconds)
    {
        if (microseconds > 0)
        {
            _ = usleep((uint)microseconds);
        }
        return microseconds;
    }

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern IntPtr sqlite3_vfs_find(IntPtr name);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_vfs_register(IntPtr vfs, int makeDefault);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_sleep(int milliseconds);

    [DllImport("libc", SetLastError = false)]
    private static extern int usleep(uint microseconds);
}
