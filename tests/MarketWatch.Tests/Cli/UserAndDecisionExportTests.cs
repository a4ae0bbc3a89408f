using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Review;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Cli;

/// <summary>`user add` and `export decisions`, through the real binary against a real SQLite file.</summary>
public class UserAndDecisionExportTests
{
    [Fact]
    public async Task User_add_reads_the_password_from_stdin_or_generates_one_and_refuses_bad_input_with_a_clear_error()
    {
        await using var db = await TestDb.CreateAsync();
        var piped = await AppProcess.RunWithInputAsync("sangat-rahasia-sekali\n", "--data-dir", db.DataDir, "user", "add", "--name", "Ani", "--role", "reviewer");
        Assert.True(piped.ExitCode == 0, piped.ToString());
        Assert.DoesNotContain("sangat-rahasia-sekali", piped.Stdout);
        var generated = await AppProcess.RunAsync("--data-dir", db.DataDir, "user", "add", "--name", "boss", "--role", "admin", "--generate");
        Assert.True(generated.ExitCode == 0, generated.ToString());
        var password = System.Text.RegularExpressions.Regex.Match(generated.Stdout, @"password \(shown once\): (\S+)").Groups[1].Value;
        Assert.Equal(20, password.Length);

        await using (var context = db.Open())
        {
            var accounts = new MarketWatch.Review.Auth.Accounts(new ReviewOptions());
            Assert.True((await accounts.SignInAsync(context, "ani", "sangat-rahasia-sekali", "test", default)).Ok);
            Assert.True((await accounts.SignInAsync(context, "BOSS", password, "test", default)).Ok);
            var stored = await context.Users.SingleAsync(u => u.Name == "ani");
            Assert.DoesNotContain("sangat", stored.PasswordHash);                  // a hash, not the password
            Assert.Equal(2, await context.Audit.CountAsync(a => a.Action == "user-add"));
        }

        var duplicate = await AppProcess.RunWithInputAsync("another-long-password\n", "--data-dir", db.DataDir, "user", "add", "--name", "ani");
        Assert.Equal(2, duplicate.ExitCode);
        Assert.Contains("user 'ani' already exists", duplicate.Stderr);
        var role = await AppProcess.RunWithInputAsync("another-long-password\n", "--data-dir", db.DataDir, "user", "add", "--name", "cici", "--role", "boss");
        Assert.Equal(2, role.ExitCode);
        Assert.Contains("role 'boss' is not one of: reviewer, admin", role.Stderr);
        var shortPassword = await AppProcess.RunWithInputAsync("pendek\n", "--data-dir", db.DataDir, "user", "add", "--name", "dedi");
        Assert.Equal(2, shortPassword.ExitCode);
        Assert.Contains("password too short", shortPassword.Stderr);
        await using (var context = db.Open()) Assert.Equal(2, await context.Users.CountAsync());   // nothing half-made

        var promote = await AppProcess.RunAsync("--data-dir", db.DataDir, "user", "role", "--name", "ani", "--role", "admin");
        Assert.True(promote.ExitCode == 0, promote.ToString());
        var unknown = await AppProcess.RunAsync("--data-dir", db.DataDir, "user", "role", "--name", "zed", "--role", "admin");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no user 'zed'", unknown.Stderr);
        await using (var context = db.Open()) Assert.Equal("admin", (await context.Users.SingleAsync(u => u.Name == "ani")).Role);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Export_decisions_writes_labelled_data_that_train_reads_back(DatabaseProvider provider)
    {
        await using var db = await TestDb.CreateAsync(provider);
        var ids = new List<long>();
        await using (var context = db.Open())
        {
            string[] titles = ["=HYPERLINK(\"http://x\") Jasa unblock IMEI, nomor WA", "Kaos \"IMEI\", bukan jasa", "Registrasi IMEI resmi\nbaris dua", "Casing HP"];
            foreach (var title in titles)
            {
                var l = new Listing { Marketplace = "tokopedia", ProductId = Guid.NewGuid().ToString("N"), Title = title, Url = "https://www.tokopedia.com/x", Flagged = true, Score = 0.9, PriceIdr = 50_000 };
                context.Listings.Add(l);
                await context.SaveChangesAsync();
                ids.Add(l.Id);
            }
            await Decisions.DecideAsync(context, ids[0], 0, ReviewStatus.Confirmed, null, "ani", default);
            await Decisions.DecideAsync(context, ids[1], 0, ReviewStatus.Dismissed, null, "ani", default);
            await Decisions.DecideAsync(context, ids[2], 0, ReviewStatus.NeedsInfo, null, "ani", default);   // no label yet: left out
        }
        var output = Path.Combine(db.DataDir, "labels.csv");
        var run = await AppProcess.RunAsync("--data-dir", db.DataDir, "export", "decisions", "--output", output);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("wrote 2 row(s)", run.Stdout);

        var rows = TrainingData.Read(output);
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Title == "=HYPERLINK(\"http://x\") Jasa unblock IMEI, nomor WA" && r.Label);   // read back literally
        Assert.Contains("'=HYPERLINK", File.ReadAllText(output));                                                      // but written guarded
        var manifest = MarketWatch.Exports.Manifest.Read(output + ".manifest.json");
        Assert.Equal(2, manifest.Rows);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(output))), manifest.Sha256);
        Assert.Contains(rows, r => r.Title == "Kaos \"IMEI\", bukan jasa" && !r.Label);

        var bad = await AppProcess.RunAsync("--data-dir", db.DataDir, "export", "decisions", "--output", "/nonexistent-dir/labels.csv");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("cannot write '/nonexistent-dir/labels.csv'", bad.Stderr);
    }
}
