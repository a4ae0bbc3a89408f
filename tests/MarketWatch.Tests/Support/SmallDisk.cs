using System.Diagnostics;

namespace MarketWatch.Tests.Support;

/// <summary>
/// A real, tiny filesystem (tmpfs) for disk-full and read-only tests: mounted for the test and unmounted after.
/// Mounting needs root, as `scripts/test.sh` runs; without it the test fails saying so, rather than pretending.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "marketwatch-disks", Guid.NewGuid().ToString("N")[..12]);

    public SmallDisk(int kilobytes)
    {
        Directory.CreateDirectory(Path);
        Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k,mode=0755", "tmpfs", Path);
    }

    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Fills the disk with a filler file until exactly <paramref name="bytes"/> are free (rounded down to 4 KiB pages).</summary>
    public void LeaveFree(long bytes)
    {
        var filler = System.IO.Path.Combine(Path, "filler-" + Guid.NewGuid().ToString("N")[..6]);
        using (var f = new FileStream(filler, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1))
        {
            var chunk = new byte[4096];
            while (FreeBytes > bytes) f.Write(chunk);
            f.Flush(true);
        }
        if (FreeBytes != bytes / 4096 * 4096) throw new InvalidOperationException($"could not leave {bytes} bytes free on {Path}: {FreeBytes} free");
    }

    public void RemoveFillers()
    {
        foreach (var f in Directory.GetFiles(Path, "filler-*")) File.Delete(f);
    }

    public void MakeReadOnly() => Run("mount", "-o", "remount,ro", Path);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Run("umount", "-l", Path);
        Directory.Delete(Path);
    }

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({error.Trim()}): the disk tests mount a small tmpfs and need root (run scripts/test.sh as root)");
    }
}
