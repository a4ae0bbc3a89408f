using Microsoft.Data.Sqlite;

namespace MarketWatch.Cli;

/// <summary>
/// Disk and database faults an operator can fix (a full or read-only disk, a file that is not our database), as one
/// line naming the path and what to do, instead of a stack trace. SQLite rolls a failed transaction back and never
/// writes into a file it cannot read, so what was stored before is unchanged in every case named here.
/// </summary>
public static class StorageFault
{
    private const int NoSpace = 28, ReadOnlyFileSystem = 30, QuotaExceeded = 122;   // Linux errno values, which .NET puts in IOException.HResult

    public static string? Describe(Exception e, string dataDir)
    {
        var chain = new List<Exception>();
        for (Exception? x = e; x is not null; x = x.InnerException) chain.Add(x);
        var db = Path.Combine(dataDir, chain.Any(x => x.GetType().Namespace?.StartsWith("Quartz") == true) ? "quartz.db" : "marketwatch.db");
        var unchanged = "what was stored before is unchanged";
        if (chain.OfType<SqliteException>().FirstOrDefault() is { } sqlite)
            return sqlite.SqliteErrorCode switch
            {
                11 or 26 => $"{db} is not a MarketWatch database or is damaged (SQLite: {sqlite.Message.TrimEnd('.')}). "
                    + "MarketWatch left it as it is: restore it from a backup, or move it away and a new one is made at the next start",
                5 or 6 => $"{db} stayed locked by another process (SQLite: {sqlite.Message.TrimEnd('.')}): stop the other MarketWatch process or try again later; {unchanged}",
                13 => Full(dataDir) + "; " + unchanged,
                _ => (Diagnose(dataDir) ?? $"{db}: SQLite error {sqlite.SqliteErrorCode}: {sqlite.Message.TrimEnd('.')}; check the disk holding {dataDir}") + "; " + unchanged,
            };
        return chain.FirstOrDefault(x => x is IOException or UnauthorizedAccessException) switch
        {
            IOException { HResult: NoSpace or QuotaExceeded } io => $"{io.Message}: the disk is full; free space there or use another directory; {unchanged}",
            IOException { HResult: ReadOnlyFileSystem } io => $"{io.Message}: mount it writable or use another directory (--data-dir, --output); {unchanged}",
            UnauthorizedAccessException denied => $"{denied.Message} Give this user write access or use another directory (--data-dir, --output); {unchanged}",
            IOException io => $"{io.Message}: check the disk and the path; {unchanged}",
            _ => null,
        };
    }

    private static string Full(string dir) => $"the disk holding {dir} is full: free space on it or move the data directory (--data-dir)";

    // SQLite reports a full or read-only disk met while opening (its -shm file) as a plain I/O error: look at the place.
    private static string? Diagnose(string dir)
    {
        try
        {
            if (new DriveInfo(dir).AvailableFreeSpace < 1 << 20) return Full(dir);
            var probe = Path.Combine(dir, ".write-test-" + Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(probe, [0]);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException { HResult: ReadOnlyFileSystem } or UnauthorizedAccessException)
        {
            return $"{dir} is read-only or not writable by this user: make it writable or pass --data-dir another directory";
        }
        catch (Exception e) when (e is IOException or ArgumentException)
        {
            return null;
        }
    }
}
