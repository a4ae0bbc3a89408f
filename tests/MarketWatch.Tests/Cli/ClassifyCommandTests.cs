using System.Diagnostics;
using MarketWatch.Data;
using MarketWatch.Tests.Support;

namespace MarketWatch.Tests.Cli;

/// <summary>`marketwatch classify` is a public interface: analysts' scripts depend on its columns and errors.</summary>
public class ClassifyCommandTests
{
    private static List<Dictionary<string, string>> ReadCsv(string text)
    {
        var table = new CsvTable(new StringReader(text), "output");
        var rows = new List<Dictionary<string, string>>();
        while (table.Next() is { } row) rows.Add(table.Header.Zip(row).ToDictionary(p => p.First, p => p.Second));
        return rows;
    }

    [Fact]
    public async Task Adds_flagged_score_imeis_and_reasons_and_passes_other_columns_through()
    {
        using var dir = new TempDir();
        var input = Path.Combine(dir.Path, "in.csv");
        var output = Path.Combine(dir.Path, "out.csv");
        await File.WriteAllTextAsync(input,
            "id,title,description,price_idr,note\n" +
            "a1,Unblock IMEI iPhone Inter All Operator 3 Bulan,\"Garansi 3 bulan, proses cepat\",150000,x\n" +
            "a2,\"Samsung Galaxy A15 8/256 IMEI Terdaftar, Garansi Resmi\",Baru segel,2899000,\"multi\nline\"\n" +
            "a3,IMEI Samsung bersih 1 pcs,\"IMEI 2: 35-209900-176148-1, IMEI 1: 353320119514433, rusak 353320119514434\",20000,\n");
        var result = await AppProcess.RunAsync("--data-dir", dir.Path, "classify", "--input", input, "--output", output);
        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = ReadCsv(await File.ReadAllTextAsync(output));
        Assert.Equal(["a1", "a2", "a3"], rows.Select(r => r["id"]));
        Assert.Equal("multi\nline", rows[1]["note"]);
        Assert.Equal(["true", "false", "true"], rows.Select(r => r["flagged"]));
        Assert.All(rows, r => Assert.InRange(double.Parse(r["score"], System.Globalization.CultureInfo.InvariantCulture), 0, 1));
        Assert.Equal("352099001761481;353320119514433", rows[2]["imeis"]);   // valid ones only, in order of appearance
        Assert.Contains("classifier", rows[0]["reasons"]);
        Assert.Contains("'unblock imei'", rows[0]["reasons"]);
        Assert.Contains("353320119514434: bad-check-digit", rows[2]["reasons"]);
    }

    [Fact]
    public async Task Reads_stdin_and_writes_stdout()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var dir = new TempDir();
        foreach (var a in new[] { AppProcess.Dll, "--data-dir", dir.Path, "classify", "--input", "-", "--output", "-" }) psi.ArgumentList.Add(a);
        psi.Environment["MarketWatch__Detection__ModelCacheDir"] = SharedData.ModelCache;
        using var p = Process.Start(psi)!;
        await p.StandardInput.WriteAsync("title\nJual IMEI Oppo per brand\nCasing HP Oppo A3X\n");
        p.StandardInput.Close();
        var stdout = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, await p.StandardError.ReadToEndAsync());
        var rows = ReadCsv(stdout);
        Assert.Equal(["true", "false"], rows.Select(r => r["flagged"]));
    }

    [Theory]
    [InlineData("name,description\nUnblock IMEI,x\n", "line 1: no 'title' column in the header (columns: name, description)")]
    [InlineData("title,description\nok,fine\n\"broken,quote\n", "line 3: unterminated quoted field")]
    [InlineData("title,description\nok,fine\none,two,three\n", "line 3: 3 field(s), but the header has 2")]
    [InlineData("title,price_idr\nok,150000\nok,Rp 150.000\n", "line 3: price_idr 'Rp 150.000' is not a whole, non-negative number of rupiah")]
    [InlineData("", "line 1: the file is empty")]
    public async Task Bad_input_names_file_line_and_problem_and_writes_nothing(string csv, string expected)
    {
        using var dir = new TempDir();
        var input = Path.Combine(dir.Path, "bad.csv");
        var output = Path.Combine(dir.Path, "out.csv");
        await File.WriteAllTextAsync(input, csv);
        await File.WriteAllTextAsync(output, "previous results\n");
        var result = await AppProcess.RunAsync("--data-dir", dir.Path, "classify", "--input", input, "--output", output);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{input}: {expected}", result.Stderr);
        Assert.Equal("previous results\n", await File.ReadAllTextAsync(output));   // the old file is untouched
        Assert.DoesNotContain(Directory.GetFiles(dir.Path), f => f.EndsWith(".tmp"));
    }

    public static TheoryData<string, int> InvalidUtf8Files() => new()
    {
        { "title\nok\nKaos caf<E9> polos\nok\n", 3 },                                       // Latin-1 é
        { "title\r\nok\r\n<FF><FE>jual imei\r\n", 3 },                                   // a bad byte right after CRLF
        { "title,description\n\"multi\nline\",x\nsplit <F0><9F>\n", 4 },                 // a 4-byte sequence cut short
        { "title\n" + string.Concat(Enumerable.Repeat("Jual casing HP 😀 murah meriah\n", 5000)) + "bad <C0><AF>\n", 5002 },   // past the 64 KiB buffers
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8Files))]
    public async Task Input_that_is_not_UTF8_is_refused_with_its_line_and_writes_nothing(string text, int line)
    {
        using var dir = new TempDir();
        var input = Path.Combine(dir.Path, "latin1.csv");
        var output = Path.Combine(dir.Path, "out.csv");
        // <NN> in the text above is the raw byte NN; everything else is written as UTF-8.
        var bytes = System.Text.RegularExpressions.Regex.Split(text, "(<[0-9A-F]{2}>)")
            .SelectMany(part => part is ['<', _, _, '>'] ? new[] { Convert.ToByte(part[1..3], 16) } : System.Text.Encoding.UTF8.GetBytes(part)).ToArray();
        await File.WriteAllBytesAsync(input, bytes);
        var result = await AppProcess.RunAsync("--data-dir", dir.Path, "classify", "--input", input, "--output", output);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: {input}: line {line}: not valid UTF-8", result.Stderr);
        Assert.False(File.Exists(output));
        Assert.DoesNotContain(Directory.GetFiles(dir.Path), f => f.EndsWith(".tmp"));
    }

    [Fact]
    public async Task Multibyte_text_across_read_buffers_and_a_byte_order_mark_are_read_as_written()
    {
        using var dir = new TempDir();
        var input = Path.Combine(dir.Path, "in.csv");
        var output = Path.Combine(dir.Path, "out.csv");
        var titles = Enumerable.Range(0, 4000).Select(i => $"Casing HP {i} 😀 ünïcödé murah").ToList();   // ~140 KB: 4-byte emoji straddle buffer ends
        await File.WriteAllTextAsync(input, "title\n" + string.Join("\n", titles) + "\n", new System.Text.UTF8Encoding(true));
        var result = await AppProcess.RunAsync("--data-dir", dir.Path, "classify", "--input", input, "--output", output);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(titles, ReadCsv(await File.ReadAllTextAsync(output)).Select(r => r["title"]));
    }

    [Fact]
    public async Task Missing_input_file_is_named()
    {
        using var dir = new TempDir();
        var result = await AppProcess.RunAsync("--data-dir", dir.Path, "classify", "--input", Path.Combine(dir.Path, "nope.csv"), "--output", "-");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nope.csv: no such file", result.Stderr);
    }

    [Fact]
    public async Task Train_then_evaluate_prints_every_figure()
    {
        using var dir = new TempDir();
        var model = Path.Combine(dir.Path, "model.zip");
        var train = await AppProcess.RunAsync("--data-dir", dir.Path, "train", "--input", SharedData.TrainingCsv, "--output", model);
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Matches(@"trained imei-offer-[0-9a-f]{12} on \d+ rows", train.Stdout);
        var evaluate = await AppProcess.RunAsync("--data-dir", dir.Path, "evaluate", "--input", SharedData.HoldoutCsv, "--model", model);
        Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
        foreach (var figure in new[] { "precision", "recall", "F1", "PR-AUC", "P@100", "confusion" }) Assert.Contains(figure, evaluate.Stdout);
        var f1 = double.Parse(System.Text.RegularExpressions.Regex.Match(evaluate.Stdout, @"F1\s+([\d.]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(f1 >= 0.95, evaluate.Stdout);
    }
}
