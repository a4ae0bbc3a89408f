using MarketWatch.Data;
using MarketWatch.Detection;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Learning;

/// <summary>
/// The classifier this process detects with: a pinned <c>Detection:ModelPath</c>, else the registry's champion
/// (trained from the corpus on a first start), loaded on first use. A promotion here swaps it at once; a change
/// made by another process (another node, the CLI) is picked up by <see cref="RefreshAsync"/>, which every
/// detector build runs, so a crawl run or a `classify` always starts on the champion of the moment.
/// </summary>
public sealed class ModelSlot(ModelRegistry registry)
{
    private readonly Lazy<Classifier> _startup = new(registry.LoadStartupModel);
    private volatile Classifier? _current;

    public Classifier Current => _current ?? _startup.Value;

    public void Use(Classifier classifier) => _current = classifier;

    public async Task RefreshAsync(MarketWatchDb db, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(registry.Detection.ModelPath)) return;   // pinned: the registry is not consulted
        var current = Current;
        if (await ModelRegistry.ChampionVersionAsync(db, ct) is not { } version || version == current.Version) return;
        var model = await db.Models.AsNoTracking().FirstAsync(m => m.Version == version, ct);
        Use(registry.Load(model));
    }
}
