using System.Security.Cryptography;
using MarketWatch.Tests.Support;
using Microsoft.Data.Sqlite;

namespace MarketWatch.Tests.Cli;

/// <summary>
/// The data directory as an unlucky operator meets it: on a full or read-only disk (a real tmpfs), a file where the
/// directory should be, a file that is not SQLite, a damaged database. Each gets one `error:` line naming the path
/// and what to do, exit code 2, and nothing stored is changed.
/// </summary>
public class StorageFaultTests
{
    private static Task<CliResult> AddUser(string dataDir, string name) =>
        AppProcess.RunWithInputAsync("correct horse battery staple\n", "--data-dir", dataDir, "user", "add", "--name", name);

    private static string Hash(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));

    [Fact]
    public async Task A_data_directory_that_is_a_file_is_named_and_left_alone()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "data");
        await File.WriteAllTextAsync(file, "my notes\n");
        var result = await AppProcess.RunAsync("--data-dir", file, "listings");
        result.AssertOneErrorLine($"'{file}' is a file", "--data-dir");
        Assert.Equal("my notes\n", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task A_marketwatch_db_that_is_not_SQLite_is_named_and_left_unchanged()
    {
        using var dir = new TempDir();
        var db = Path.Combine(dir.Path, "marketwatch.db");
        await File.WriteAllTextAsync(db, string.Concat(Enumerable.Repeat("this is a spreadsheet, not a database\n", 200)));
        var before = Hash(db);
        var result = await AppProcess.RunAsync("--data-dir", dir.Path, "listings");
        result.AssertOneErrorLine(db, "not a MarketWatch database", "backup");
        Assert.Equal(before, Hash(db));
    }

    [Fact]
    public async Task A_damaged_database_is_named_and_left_unchanged()
    {
        using var dir = new TempDir();
        Assert.Equal(0, (await AddUser(dir.Path, "ani")).ExitCode);
        var db = Path.Combine(dir.Path, "marketwatch.db");
        await using (var c = new SqliteConnection($"Data Source={db};Pooling=false"))
        {
            await c.OpenAsync();
            await using var checkpoint = c.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";   // everything into the main file, which is then damaged
            await checkpoint.ExecuteNonQueryAsync();
        }
        await using (var f = new FileStream(db, FileMode.Open)) { f.Position = 100; f.Write(Enumerable.Repeat((byte)0xA5, 3996).ToArray()); }   // page 1 after its header: the schema
        var before = Hash(db);
        var result = await AppProcess.RunAsync("--data-dir", dir.Path, "user", "list");
        result.AssertOneErrorLine(db, "damaged", "backup");
        Assert.Equal(before, Hash(db));
    }

    [Fact]
    public async Task A_data_disk_that_fills_during_a_write_rolls_back_and_says_so_and_the_data_survives()
    {
        using var disk = new SmallDisk(2048);
        var data = Path.Combine(disk.Path, "data");
        Assert.Equal(0, (await AddUser(data, "ani")).ExitCode);
        var tacs = Path.Combine(disk.Path, "..", Path.GetFileName(disk.Path) + "-tacs.csv");
        await File.WriteAllLinesAsync(tacs, ["tac,brand,model", .. Enumerable.Range(0, 60_000).Select(i => $"{35_000_000 + i},Brand {i % 50},Model number {i} with a long name")]);
        try
        {
            disk.LeaveFree(200 * 1024);
            (await AppProcess.RunAsync("--data-dir", data, "tac", "import", tacs)).AssertOneErrorLine($"the disk holding {data} is full", "unchanged");
            disk.LeaveFree(0);
            (await AppProcess.RunAsync("--data-dir", data, "user", "list")).AssertOneErrorLine($"the disk holding {data} is full");
        }
        finally { File.Delete(tacs); }

        disk.RemoveFillers();
        var list = await AppProcess.RunAsync("--data-dir", data, "user", "list");
        Assert.True(list.ExitCode == 0 && list.Stdout.Contains("ani"), list.ToString());
        await using var c = new SqliteConnection($"Data Source={Path.Combine(data, "marketwatch.db")};Pooling=false");
        await c.OpenAsync();
        await using var check = c.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", await check.ExecuteScalarAsync());
        check.CommandText = "SELECT COUNT(*) FROM Tacs";
        Assert.Equal(0L, await check.ExecuteScalarAsync());   // the import was one transaction: all or nothing
    }

    [Fact]
    public async Task A_read_only_data_disk_is_named_with_what_to_do()
    {
        using var disk = new SmallDisk(2048);
        var data = Path.Combine(disk.Path, "data");
        Assert.Equal(0, (await AddUser(data, "ani")).ExitCode);
        var before = Hash(Path.Combine(data, "marketwatch.db"));
        disk.MakeReadOnly();
        (await AddUser(data, "budi")).AssertOneErrorLine(data, "read-only", "--data-dir");
        (await AppProcess.RunAsync("--data-dir", Path.Combine(disk.Path, "new"), "listings")).AssertOneErrorLine(Path.Combine(disk.Path, "new"), "Read-only file system");
        Assert.Equal(before, Hash(Path.Combine(data, "marketwatch.db")));
    }

    [Fact]
    public async Task The_data_directory_is_made_0700_and_the_database_0600_and_an_open_database_is_narrowed()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "fresh", "data");
        Assert.Equal(0, (await AddUser(data, "ani")).ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
        Assert.All(Directory.GetFiles(data, "marketwatch.db*"), f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));

        // A database made before (readable by everyone, as SQLite makes it under umask 022) is narrowed at the next start.
        var old = Path.Combine(dir.Path, "old");
        Directory.CreateDirectory(old);
        await using (var db = TestDb.OpenAt(old)) await MarketWatch.Data.Database.MigrateAsync(db);
        SqliteConnection.ClearAllPools();
        File.SetUnixFileMode(Path.Combine(old, "marketwatch.db"), (UnixFileMode)0b110_100_100);
        Assert.Equal(0, (await AppProcess.RunAsync("--data-dir", old, "user", "list")).ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(old, "marketwatch.db")));
    }

    [Fact]
    public async Task Evidence_folders_are_0700_and_evidence_files_are_readable_by_their_owner_only()
    {
        using var dir = new TempDir();
        var capture = await new MarketWatch.Crawling.EvidenceStore(dir.Path).CaptureAsync(1, "https://example.test/p/1", "<p>bukti</p>", [1, 2, 3], "ua", DateTime.UtcNow, default);
        foreach (var folder in Directory.GetDirectories(Path.Combine(dir.Path, "evidence"), "*", SearchOption.AllDirectories).Append(Path.Combine(dir.Path, "evidence")))
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        foreach (var file in new[] { capture.HtmlPath, capture.ScreenshotPath! })
            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Path.Combine(dir.Path, file)) & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }
}
