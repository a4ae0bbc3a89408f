using MarketWatch.Data;
using Microsoft.Extensions.Localization;

namespace MarketWatch.Review.Localisation;

/// <summary>Decisions and statuses in the reader's language (the stored labels and audit entries stay English).</summary>
public static class DecisionText
{
    public static string Status(IStringLocalizer t, ReviewStatus s) => t[Decisions.Label(s)];

    /// <summary>A stored English status label (audit before/after) shown in the reader's language; anything else unchanged.</summary>
    public static string Label(IStringLocalizer t, string? stored) =>
        stored is "pending" or "confirmed" or "dismissed" or "needs info" ? t[stored] : stored ?? "–";

    public static string Message(IStringLocalizer t, Display show, DecisionResult r) => r.Outcome switch
    {
        DecisionOutcome.Done => t["listing {0}: {1}", r.ListingId, Status(t, r.Status!.Value)],
        DecisionOutcome.Unchanged => t["listing {0} is already {1}", r.ListingId, Status(t, r.Status!.Value)],
        DecisionOutcome.NotFound => t["listing {0} does not exist", r.ListingId],
        _ when r.Status is { } s => t["Listing {0} was decided by {1} at {2} ({3}) after you opened it. Your decision was not saved; reload to see it and decide again if needed.",
            r.ListingId, r.By ?? t["someone else"], show.Time(r.At, seconds: true), Status(t, s)],
        _ => t["Listing {0} was decided by someone else a moment ago. Reload and decide again if needed.", r.ListingId],
    };
}
