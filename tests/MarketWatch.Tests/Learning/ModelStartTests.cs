using MarketWatch.Tests.Support;

namespace MarketWatch.Tests.Learning;

/// <summary>The champion's file is checked when `serve` starts: a missing or altered model stops it, naming the file.</summary>
public class ModelStartTests
{
    [Fact]
    public async Task A_missing_or_corrupt_champion_file_fails_the_start_with_a_message_naming_it()
    {
        using var data = new TempDir();
        var input = Path.Combine(data.Path, "in.csv");
        await File.WriteAllTextAsync(input, "title\nJasa unblock IMEI iPhone\n");
        var first = await AppProcess.RunAsync("--data-dir", data.Path, "classify", "--input", input, "--output", Path.Combine(data.Path, "out.csv"));
        Assert.True(first.ExitCode == 0, first.ToString());
        var file = Directory.GetFiles(Path.Combine(data.Path, "models"), "*.zip").Single(f => Path.GetFileNameWithoutExtension(f).Length == 64);
        var bytes = await File.ReadAllBytesAsync(file);

        File.SetAttributes(file, FileAttributes.Normal);
        File.Delete(file);
        var missing = await AppProcess.RunAsync("--data-dir", data.Path, "serve", "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains(file, missing.Stderr);
        Assert.Contains("missing", missing.Stderr);

        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(file, bytes);
        var corrupt = await AppProcess.RunAsync("--data-dir", data.Path, "serve", "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, corrupt.ExitCode);
        Assert.Contains(file, corrupt.Stderr);
        Assert.Contains("corrupt", corrupt.Stderr);

        // The other verbs that detect refuse the same way: nothing is scored by a model that is not the registered one.
        var classify = await AppProcess.RunAsync("--data-dir", data.Path, "classify", "--input", input, "--output", Path.Combine(data.Path, "out2.csv"));
        Assert.Equal(2, classify.ExitCode);
        Assert.Contains(file, classify.Stderr);
    }
}
