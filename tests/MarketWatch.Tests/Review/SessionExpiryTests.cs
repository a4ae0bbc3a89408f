using MarketWatch.Review;
using MarketWatch.Tests.Support;

namespace MarketWatch.Tests.Review;

public class SessionExpiryTests
{
    [Fact]
    public async Task A_session_left_idle_past_its_limit_must_sign_in_again()
    {
        await using var db = await TestDb.CreateAsync();
        await using var web = WebApp.Build(AppPaths.Resolve(null, db.DataDir), "http://127.0.0.1:0",
            overrides: [new("Schedules:Enabled", "false"), new("Review:SessionIdleMinutes", "0.05"), Support.EnglishUi.Setting]);   // 3 s
        await Services.PrepareDatabaseAsync(web.Services);
        await web.StartAsync();
        try
        {
            using var http = await ReviewSession.SignedInAsync(web.BoundUrl(), db.DataDir, "nina", "reviewer");
            Assert.Equal("/dashboard", (await http.GetAsync("/dashboard")).RequestMessage!.RequestUri!.AbsolutePath);   // within the limit
            await Task.Delay(TimeSpan.FromSeconds(4.5));
            var after = await http.GetAsync("/dashboard");
            Assert.Equal("/signin", after.RequestMessage!.RequestUri!.AbsolutePath);
            Assert.Contains("returnUrl=%2Fdashboard", after.RequestMessage.RequestUri.Query);
        }
        finally { await web.StopAsync(); }
    }
}
