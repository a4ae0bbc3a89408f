namespace MarketWatch.Detection;

public sealed record TacInfo(string Brand, string? Model);

/// <summary>TAC (first 8 IMEI digits) -> brand and model, loaded from the database's Tacs table.</summary>
public sealed class TacDirectory(IReadOnlyDictionary<string, TacInfo> entries)
{
    public static readonly TacDirectory Empty = new(new Dictionary<string, TacInfo>());
    public int Count => entries.Count;
    public TacInfo? Find(string tac) => entries.TryGetValue(tac, out var info) ? info : null;
}
