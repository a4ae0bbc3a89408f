using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Review.Auth;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Learning;

public sealed record ChampionChange(string Version, string? Previous, RescoreSummary Rescored)
{
    public string Summary => $"champion {Version} (was {Previous ?? "none"}); re-scored {Rescored.Listings} pending listing(s): " +
        $"{Rescored.NowFlagged} now flagged, {Rescored.NoLongerFlagged} no longer flagged";
}

/// <summary>
/// Changes of champion: promote a registered model or roll back to the one before. Each is a promotion row,
/// an audit entry, the model swapped into this process's detector, and every pending listing re-scored.
/// Other processes pick the new champion up when they next build a detector (<see cref="ModelSlot.RefreshAsync"/>).
/// </summary>
public sealed class Champions(IDbContextFactory<MarketWatchDb> dbFactory, ModelRegistry registry, ModelSlot slot, DetectorFactory detectors)
{
    public async Task<ChampionChange> PromoteAsync(string version, string actor, string? reason, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.Models.FirstOrDefaultAsync(m => m.Version == version, ct)
            ?? throw new InvalidDataException($"no model '{version}' in the registry (see `marketwatch models`)");
        var current = await ModelRegistry.ChampionVersionAsync(db, ct);
        if (current == version) throw new InvalidDataException($"{version} is already the champion");
        var classifier = registry.Load(model);   // a missing or corrupt file stops the promotion before anything changes
        model.Status = ModelStatus.Promoted;
        if (reason is not null) model.StatusReason = reason;
        return await ChangeAsync(db, classifier, new ModelPromotion { Version = version, PreviousVersion = current, Action = "promote", Actor = actor, Reason = reason }, ct);
    }

    /// <summary>Back to the champion before the current one; rolling back again goes one further back.</summary>
    public async Task<ChampionChange> RollbackAsync(string actor, string? reason, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var history = await db.ModelPromotions.AsNoTracking().OrderByDescending(p => p.Id).ToListAsync(ct);
        if (history.Count == 0 || history[0].PreviousVersion is not { } target)
            throw new InvalidDataException("nothing to roll back to: the champion has no predecessor");
        var model = await db.Models.FirstAsync(m => m.Version == target, ct);
        var classifier = registry.Load(model);
        var demoted = await db.Models.FirstAsync(m => m.Version == history[0].Version, ct);
        demoted.Status = ModelStatus.RolledBack;
        demoted.StatusReason = $"rolled back by {actor}" + (reason is null ? "" : $": {reason}");
        // The promotion that last made the target champion knows what came before it: a second rollback walks on.
        var before = history.Skip(1).FirstOrDefault(p => p.Version == target)?.PreviousVersion;
        return await ChangeAsync(db, classifier, new ModelPromotion { Version = target, PreviousVersion = before, Action = "rollback", Actor = actor, Reason = reason }, ct);
    }

    private async Task<ChampionChange> ChangeAsync(MarketWatchDb db, Classifier classifier, ModelPromotion promotion, CancellationToken ct)
    {
        var previous = (await db.ModelPromotions.AsNoTracking().OrderByDescending(p => p.Id).FirstOrDefaultAsync(ct))?.Version;
        promotion.At = DateTime.UtcNow;
        db.ModelPromotions.Add(promotion);
        Audit.Add(db, promotion.Actor, "model-" + promotion.Action, $"model {promotion.Version}", previous, promotion.Version, promotion.Reason);
        await db.SaveChangesAsync(ct);
        slot.Use(classifier);
        var rescored = await Rescoring.RunAsync(db, await detectors.CreateAsync(db, ct), $"model {promotion.Version} became champion ({promotion.Action} by {promotion.Actor})", ct);
        var change = new ChampionChange(promotion.Version, previous, rescored);
        Audit.Add(db, promotion.Actor, "model-rescore", $"model {promotion.Version}", after: promotion.Version, note: change.Summary);
        await db.SaveChangesAsync(ct);
        return change;
    }
}
