using System.Net.Http.Json;
using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MarketWatch.Jobs;

/// <summary>
/// changedetection.io-style alarms: a marketplace whose extractor found nothing for N runs in a row, whose
/// breaker opened N runs in a row, or a job that failed N times in a row. Raised once while the condition
/// holds (shown in the UI, POSTed to the webhook), resolved when it clears.
/// </summary>
public sealed class AlertService(IDbContextFactory<MarketWatchDb> dbFactory, ScheduleOptions options, IHttpClientFactory http, ILogger<AlertService> log)
{
    public async Task EvaluateAsync(string jobName, string? marketplace, CancellationToken ct)
    {
        var n = options.Alerts.AfterRuns;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (marketplace is not null)
        {
            var recent = await db.CrawlRuns.AsNoTracking().Where(r => r.Marketplace == marketplace && r.Status != CrawlStatus.Running && r.Status != CrawlStatus.Interrupted)
                .OrderByDescending(r => r.Id).Take(n).ToListAsync(ct);
            await SetAsync(db, "extractor-broken", marketplace, recent.Count == n && recent.All(r => r.PagesBroken > 0),
                $"{marketplace}: the card selector found nothing on {n} runs in a row: the page's markup changed; update its profile", ct);
            await SetAsync(db, "breaker-open", marketplace, recent.Count == n && recent.All(r => r.BreakerOpenings > 0),
                $"{marketplace}: the circuit breaker opened on {n} runs in a row: the site keeps failing or blocking us", ct);
        }
        var executions = await db.JobExecutions.AsNoTracking().Where(e => e.JobName == jobName && e.Outcome != JobOutcome.Running && e.Outcome != JobOutcome.Skipped)
            .OrderByDescending(e => e.Id).Take(options.Alerts.AfterFailures).ToListAsync(ct);
        await SetAsync(db, "job-failing", jobName, executions.Count == options.Alerts.AfterFailures && executions.All(e => e.Outcome == JobOutcome.Failed),
            $"job {jobName} failed {options.Alerts.AfterFailures} times in a row; last error: {executions.FirstOrDefault()?.Error}", ct);
    }

    private async Task SetAsync(MarketWatchDb db, string kind, string subject, bool holds, string message, CancellationToken ct)
    {
        var open = await db.Alerts.Where(a => a.Kind == kind && a.Subject == subject && a.ResolvedAt == null).FirstOrDefaultAsync(ct);
        if (!holds)
        {
            if (open is not null) { open.ResolvedAt = DateTime.UtcNow; await db.SaveChangesAsync(ct); }
            return;
        }
        if (open is not null) return;   // already raised: no repeat while it holds
        var alert = new Alert { Kind = kind, Subject = subject, Message = message, RaisedAt = DateTime.UtcNow };
        db.Alerts.Add(alert);
        await db.SaveChangesAsync(ct);
        log.LogWarning("ALERT {Kind} {Subject}: {Message}", kind, subject, message);
        if (options.Alerts.WebhookUrl is { } url) await DeliverAsync(db, alert, url, ct);
    }

    private async Task DeliverAsync(MarketWatchDb db, Alert alert, string url, CancellationToken ct)
    {
        var client = http.CreateClient("alerts");
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                using var response = await client.PostAsJsonAsync(url, new
                {
                    kind = alert.Kind, subject = alert.Subject, message = alert.Message, raisedAt = alert.RaisedAt, source = "MarketWatch",
                }, ct);
                if (response.IsSuccessStatusCode) { alert.DeliveredAt = DateTime.UtcNow; alert.DeliveryError = null; break; }
                alert.DeliveryError = $"webhook answered {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { alert.DeliveryError = e.Message; }
            await Task.Delay(TimeSpan.FromSeconds(attempt), ct);
        }
        await db.SaveChangesAsync(ct);
    }
}
