using System.Globalization;
using MarketWatch.Marketplaces;
using Quartz;

namespace MarketWatch.Jobs;

/// <summary>Section "Schedules": the patrol the enforcement team sets once, and the housekeeping jobs.</summary>
public sealed class ScheduleOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>Time zone of cron expressions and time windows.</summary>
    public string TimeZone { get; set; } = "Asia/Jakarta";
    /// <summary>Queries of a patrol that lists none: the vocabulary of IMEI offers (DOMAIN.md).</summary>
    public List<string> DefaultQueries { get; set; } = [];
    public List<PatrolSchedule> Patrols { get; set; } = [];
    /// <summary>When set, every patrol crawls this sandbox instead of the real sites (demos, staging).</summary>
    public string? SandboxUrl { get; set; }
    public string MaintenanceCron { get; set; } = "0 30 3 * * ?";
    public string EvidenceSweepCron { get; set; } = "0 0 4 * * ?";
    /// <summary>The weekly takedown reports (DATA/reports): Mondays at 06:00.</summary>
    public string TakedownReportCron { get; set; } = "0 0 6 ? * MON";
    /// <summary>Retraining on reviewer decisions behind the quality gate: Sundays at 02:00.</summary>
    public string RetrainCron { get; set; } = "0 0 2 ? * SUN";
    /// <summary>A fire time missed by more than this (downtime) is a misfire: fired once, not once per missed slot.</summary>
    public int MisfireThresholdSeconds { get; set; } = 60;
    public AlertOptions Alerts { get; set; } = new();
    /// <summary>On PostgreSQL (clustered): how often a node checks in, and how long past a missed check-in the others wait
    /// before recovering its jobs. A killed node's patrol is taken over after about the sum of the two.</summary>
    public int ClusterCheckinSeconds { get; set; } = 10;
    public int ClusterCheckinMisfireSeconds { get; set; } = 10;

    public IEnumerable<string> QueriesOf(PatrolSchedule p) => p.Queries.Count > 0 ? p.Queries : DefaultQueries;

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>Stops the start on any mistake, naming the schedule and the key.</summary>
    public void Validate(MarketplaceCatalog marketplaces)
    {
        try { _ = Zone; }
        catch (TimeZoneNotFoundException) { throw new ConfigurationException($"Schedules:TimeZone: '{TimeZone}' is not a known time zone"); }
        CheckCron(MaintenanceCron, "Schedules:MaintenanceCron");
        CheckCron(EvidenceSweepCron, "Schedules:EvidenceSweepCron");
        CheckCron(TakedownReportCron, "Schedules:TakedownReportCron");
        CheckCron(RetrainCron, "Schedules:RetrainCron");
        if (ClusterCheckinSeconds is < 1 or > 600) throw new ConfigurationException($"Schedules:ClusterCheckinSeconds: {ClusterCheckinSeconds} must be between 1 and 600");
        if (ClusterCheckinMisfireSeconds is < 1 or > 600)
            throw new ConfigurationException($"Schedules:ClusterCheckinMisfireSeconds: {ClusterCheckinMisfireSeconds} must be between 1 and 600");
        if (SandboxUrl is not null && !Uri.TryCreate(SandboxUrl, UriKind.Absolute, out _))
            throw new ConfigurationException($"Schedules:SandboxUrl: '{SandboxUrl}' is not an absolute URL");
        var names = new HashSet<string>();
        for (var i = 0; i < Patrols.Count; i++)
        {
            var p = Patrols[i];
            var key = $"Schedules:Patrols:{i} ({(string.IsNullOrWhiteSpace(p.Name) ? "unnamed" : p.Name)})";
            if (string.IsNullOrWhiteSpace(p.Name)) throw new ConfigurationException($"{key}: Name is required");
            if (!names.Add(p.Name)) throw new ConfigurationException($"{key}: another schedule has the name '{p.Name}'");
            try { marketplaces.Get(p.Marketplace); }
            catch (ConfigurationException e) { throw new ConfigurationException($"{key}: Marketplace: {e.Message}"); }
            CheckCron(p.Cron, $"{key}: Cron");
            if (p.Pages is < 1 or > 100) throw new ConfigurationException($"{key}: Pages: {p.Pages} must be between 1 and 100");
            if (p.JitterSeconds < 0) throw new ConfigurationException($"{key}: JitterSeconds must not be negative");
            if (!QueriesOf(p).Any()) throw new ConfigurationException($"{key}: Queries: none, and Schedules:DefaultQueries is empty");
            foreach (var w in p.Windows)
                if (TimeWindow.Parse(w) is null) throw new ConfigurationException($"{key}: Windows: '{w}' is not HH:mm-HH:mm");
        }
    }

    private static void CheckCron(string cron, string key)
    {
        if (!CronExpression.TryParse(cron, out _))
            throw new ConfigurationException($"{key} '{cron}' is not a valid cron expression (Quartz format: seconds minutes hours day-of-month month day-of-week)");
    }
}

public sealed class PatrolSchedule
{
    public string Name { get; set; } = "";
    public string Marketplace { get; set; } = "";
    public List<string> Queries { get; set; } = [];
    /// <summary>Quartz cron: "0 0 */6 * * ?" is every six hours.</summary>
    public string Cron { get; set; } = "0 0 */6 * * ?";
    /// <summary>A random wait up to this before each patrol, so fire times do not form a pattern.</summary>
    public int JitterSeconds { get; set; }
    /// <summary>Local times the patrol may run in ("06:00-22:00"); empty means any time.</summary>
    public List<string> Windows { get; set; } = [];
    public int Pages { get; set; } = 3;
    public bool Enabled { get; set; } = true;
}

public sealed class AlertOptions
{
    /// <summary>Consecutive runs of a marketplace with broken extraction (or an opened breaker) that raise an alert.</summary>
    public int AfterRuns { get; set; } = 3;
    /// <summary>Consecutive failed executions of a job that raise an alert.</summary>
    public int AfterFailures { get; set; } = 3;
    /// <summary>Optional: every alert is also POSTed here as JSON.</summary>
    public string? WebhookUrl { get; set; }
}

public sealed record TimeWindow(TimeOnly From, TimeOnly To)
{
    public static TimeWindow? Parse(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            && TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
            ? new TimeWindow(from, to) : null;
    }

    /// <summary>Windows may wrap midnight: "22:00-04:00".</summary>
    public bool Contains(TimeOnly t) => From <= To ? t >= From && t < To : t >= From || t < To;
}
