namespace MarketWatch.Review;

/// <summary>Section "Review": sign-in and the queue.</summary>
public sealed class ReviewOptions
{
    /// <summary>A session ends after this long without a request (sliding), and at most after SessionMaxHours.</summary>
    public double SessionIdleMinutes { get; set; } = 60;
    public double SessionMaxHours { get; set; } = 10;
    /// <summary>Failed sign-ins in a row that lock an account, and for how long.</summary>
    public int LockoutFailures { get; set; } = 5;
    public double LockoutMinutes { get; set; } = 15;
    public int PageSize { get; set; } = 50;
    /// <summary>Sorted by uncertainty, the queue also shows unflagged listings scored up to this far below the threshold.</summary>
    public double UncertainBelow { get; set; } = 0.2;
}
