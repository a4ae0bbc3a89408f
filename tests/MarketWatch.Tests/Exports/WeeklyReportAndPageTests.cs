using System.Net;
using MarketWatch.Data;
using MarketWatch.Jobs;
using MarketWatch.Review;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using static MarketWatch.Tests.Exports.ExportFiles;

namespace MarketWatch.Tests.Exports;

/// <summary>
/// The review UI with its Quartz scheduler: the weekly report job fired through the scheduler's trigger-now path
/// writes each marketplace's PDF and CSV with manifests, and /exports lists, serves and produces exports.
/// </summary>
public class WeeklyReportAndPageTests
{
    [Fact]
    public async Task Weekly_job_writes_reports_with_manifests_and_the_export_page_lists_and_serves_them()
    {
        using var data = new TempDir();
        await using (var db = TestDb.OpenAt(data.Path)) await Database.MigrateAsync(db);
        await using (var db = TestDb.OpenAt(data.Path))
        {
            var seed = new ExportSeed(db, data.Path);
            var recent = DateTime.UtcNow.AddDays(-2);
            await seed.ListingAsync("tokopedia", "w1", "Unblock IMEI", "TokoSatu", ReviewStatus.Confirmed, recent);
            await seed.ListingAsync("tokopedia", "w2", "Jual IMEI", "TokoDua", ReviewStatus.Confirmed, recent.AddHours(-3));
            await seed.ListingAsync("shopee", "w3", "Jasa IMEI", "ShopSatu", ReviewStatus.Confirmed, DateTime.UtcNow.AddDays(-30));   // outside the week
            await seed.ListingAsync("lazada", "w4", "IMEI", "LazSatu", ReviewStatus.Pending, null);
        }
        // The default patrols point at the real sites: off. The scheduler stays on for the report job.
        var overrides = Enumerable.Range(0, 5).Select(i => new KeyValuePair<string, string?>($"Schedules:Patrols:{i}:Enabled", "false")).Append(EnglishUi.Setting).ToList();
        await using var web = WebApp.Build(AppPaths.Resolve(null, data.Path), "http://127.0.0.1:0", overrides: overrides);
        await Services.PrepareDatabaseAsync(web.Services);
        await web.StartAsync();
        try
        {
            var jakarta = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");
            var dayBefore = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, jakarta).ToString("yyyyMMdd");
            var scheduler = await web.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            await scheduler.TriggerJob(new JobKey(TakedownReportJob.Name, Scheduling.Group));
            var deadline = DateTime.UtcNow.AddSeconds(60);
            JobExecution? run = null;
            while (DateTime.UtcNow < deadline && run?.FinishedAt is null)
            {
                await Task.Delay(250);
                await using var db = TestDb.OpenAt(data.Path);
                run = await db.JobExecutions.AsNoTracking().FirstOrDefaultAsync(e => e.JobName == TakedownReportJob.Name);
            }
            Assert.True(run?.Outcome == JobOutcome.Succeeded, $"{run?.Outcome}: {run?.Error}");

            // The job names its files by its own Jakarta day: the day before or after it ran (a run across midnight).
            var reports = Path.Combine(data.Path, "reports");
            var today = File.Exists(Path.Combine(reports, $"takedown-tokopedia-{dayBefore}.csv")) ? dayBefore
                : TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, jakarta).ToString("yyyyMMdd");
            var stem = Path.Combine(reports, $"takedown-tokopedia-{today}");
            Assert.Equal(["w1", "w2"], Csv(stem + ".csv").Select(r => r["product_id"]));
            VerifiedManifest(stem + ".csv", 2);
            VerifiedManifest(stem + ".pdf", 2);
            Assert.Contains("2 tautan", PdfPages(stem + ".pdf")[0]);
            Assert.Equal(4, Directory.GetFiles(reports).Length);                  // shopee's confirmation is older than a week; lazada has none
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(reports));   // the owner's only
            Assert.All(Directory.GetFiles(reports), f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));

            using (var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(web.BoundUrl()) })
            {
                Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/exports")).StatusCode);                              // sign in first
                Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync($"/exports?handler=Report&name=takedown-tokopedia-{today}.pdf")).StatusCode);
            }
            using var http = await ReviewSession.SignedInAsync(web.BoundUrl(), data.Path, "rina", "reviewer");
            var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await http.GetStringAsync("/exports"));
            var links = page.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!).Where(h => h.Contains("handler=Report")).ToList();
            Assert.Equal(4, links.Count);
            var pdfLink = links.Single(l => l.Contains($"name=takedown-tokopedia-{today}.pdf&"));
            Assert.Equal(await File.ReadAllBytesAsync(stem + ".pdf"), await http.GetByteArrayAsync(pdfLink));
            foreach (var name in new[] { "../marketwatch.db", "..%2Fmarketwatch.db", "%2Fetc%2Fpasswd", "marketwatch.db", ".hidden" })
                Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/exports?handler=Report&name={name}")).StatusCode);

            // A download through the form, with its anti-forgery token; without one, nothing.
            var form = page.QuerySelectorAll("form").First(f => f.GetAttribute("action")!.Contains("handler=Takedown"));
            var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            var response = await http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent([
                new("__RequestVerificationToken", token), new("marketplace", "tokopedia"), new("format", "csv"), new("since", ""), new("until", "")]));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            Assert.Equal("2", response.Headers.GetValues("X-MarketWatch-Rows").Single());
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)), response.Headers.GetValues("X-MarketWatch-Sha256").Single());
            Assert.Contains("https://www.tokopedia.example/p/w1", System.Text.Encoding.UTF8.GetString(body));
            var kept = Directory.GetFiles(reports, "takedown-tokopedia-*-rina.csv").Single();                   // kept on record, with its manifest
            Assert.Equal(body, await File.ReadAllBytesAsync(kept));
            VerifiedManifest(kept, 2);
            await using (var audit = TestDb.OpenAt(data.Path))
                Assert.Contains(await audit.Audit.Where(a => a.Actor == "rina" && a.Action == "export").Select(a => a.Note).ToListAsync(), n => n!.Contains("-rina.csv: 2 rows"));
            var bad = await http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent([
                new("__RequestVerificationToken", token), new("marketplace", "ebay"), new("format", "csv")]));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("unknown marketplace", await bad.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/exports?handler=Blocklist", new FormUrlEncodedContent([new("format", "csv")]))).StatusCode);
        }
        finally { await web.StopAsync(); }
    }
}
