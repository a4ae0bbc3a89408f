using System.Text.Json;
using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Learning;

public sealed record ModelRow(string Version, bool Champion, DateTime CreatedAt, string CreatedBy, string Trainer, string Recipe,
    int CorpusRows, int DecisionRows, int HeldOutDecisionRows, string Status, string? Reason, GateReport? Gate, string Sha256);

/// <summary>The registry as the CLI and the Models page show it, newest first.</summary>
public static class ModelList
{
    public static async Task<List<ModelRow>> ReadAsync(MarketWatchDb db, CancellationToken ct)
    {
        var champion = await ModelRegistry.ChampionVersionAsync(db, ct);
        var models = await db.Models.AsNoTracking().OrderByDescending(m => m.CreatedAt).ToListAsync(ct);
        return models.Select(m => new ModelRow(m.Version, m.Version == champion, m.CreatedAt, m.CreatedBy, m.Trainer, m.Recipe, m.CorpusRows,
            m.DecisionRows, m.HeldOutDecisionRows, m.Status.ToString().ToLowerInvariant(), m.StatusReason,
            m.Metrics is null ? null : JsonSerializer.Deserialize<GateReport>(m.Metrics), m.Sha256)).ToList();
    }

    public static IEnumerable<string> Lines(List<ModelRow> rows)
    {
        if (rows.Count == 0) { yield return "no models yet: the first detection (crawl, classify, serve) trains one from the corpus"; yield break; }
        yield return $"  {"version",-24} {"created (UTC)",-16} {"trainer",-9} {"corpus",6} {"decided",7} {"held out",8} {"holdout F1",10} {"decisions err",13}  status";
        foreach (var r in rows)
        {
            yield return $"{(r.Champion ? "*" : " ")} {r.Version,-24} {r.CreatedAt:yyyy-MM-dd HH:mm} {r.Trainer,-9} {r.CorpusRows,6} {r.DecisionRows,7} {r.HeldOutDecisionRows,8} " +
                $"{(r.Gate is null ? "-" : r.Gate.Challenger.HoldoutF1.ToString("0.0000")),10} {(r.Gate is null ? "-" : $"{100 * r.Gate.Challenger.DecisionErrorRate:0.0}%"),13}  {r.Status}";
            if (r.Reason is not null) yield return $"    {r.Reason}";
        }
    }
}
