using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Learning;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Learning;

/// <summary>The retrain job's work, end to end on a real database: decisions in, a challenger judged by the gate, the champion kept or replaced.</summary>
public class RetrainingTests
{
    private static readonly string Cohort = Path.Combine(AppPaths.RepositoryRoot, "fixtures", "feedback", "decisions.csv");

    [Fact]
    public async Task Decisions_in_wording_the_corpus_never_saw_raise_the_scores_of_similar_unseen_listings_and_the_challenger_is_promoted()
    {
        await using var world = await ModelWorld.CreateAsync();
        var cohort = TrainingData.Read(Cohort);
        var champion = world.Detector.Model!.Version;
        foreach (var r in cohort.Take(200))
            await world.ListingAsync(r.Title, r.Description, r.PriceIdr, r.Label ? ReviewStatus.Confirmed : ReviewStatus.Dismissed);
        var unseen = cohort.Skip(200).Where(r => r.Label).Take(20).ToList();
        double Mean() => unseen.Average(r => world.Detector.Detect(new ListingText(r.Title, r.Description, r.PriceIdr)).Score);
        var before = Mean();

        var outcome = await world.Retrainer.RunAsync("test", default);

        Assert.True(outcome.Promoted, outcome.Summary);
        Assert.NotEqual(champion, world.Detector.Model!.Version);
        var after = Mean();
        Assert.True(after > before + 0.3, $"mean score of unseen offers in the new wording: {before:0.00} before, {after:0.00} after; {outcome.Summary}");
        await using var db = world.Open();
        var row = await db.Models.SingleAsync(m => m.Version == outcome.Version);
        Assert.Equal((160, 40), (row.DecisionRows, row.HeldOutDecisionRows));   // the most recent fifth judges, it does not train
        Assert.Equal(outcome.Version, await ModelRegistry.ChampionVersionAsync(db, default));
    }

    [Fact]
    public async Task A_challenger_worse_on_the_frozen_holdout_is_rejected_with_its_reason_and_the_champion_stays()
    {
        await using var world = await ModelWorld.CreateAsync();
        var champion = world.Detector.Model!.Version;
        // Reviewers who dismiss plain unblock offers: the challenger learns it, and the holdout shows the harm.
        var offers = TrainingData.Read(Path.Combine(AppPaths.RepositoryRoot, "fixtures", "training", "train.csv"))
            .Where(r => r.Label && r.Title.Contains("unblock", StringComparison.OrdinalIgnoreCase)).Take(150).ToList();
        foreach (var r in offers) await world.ListingAsync(r.Title, r.Description, r.PriceIdr, ReviewStatus.Dismissed);

        var outcome = await world.Retrainer.RunAsync("test", default);

        Assert.False(outcome.Promoted, outcome.Summary);
        Assert.Contains("worse on the frozen holdout", outcome.Summary);
        Assert.Equal(champion, world.Detector.Model!.Version);
        await using var db = world.Open();
        Assert.Equal(champion, await ModelRegistry.ChampionVersionAsync(db, default));
        var rejected = await db.Models.SingleAsync(m => m.Version == outcome.Version);
        Assert.Equal(ModelStatus.Rejected, rejected.Status);
        Assert.Contains("worse on the frozen holdout", rejected.StatusReason);
        Assert.NotNull(rejected.Metrics);
    }

    [Fact]
    public async Task Too_few_decisions_train_no_challenger_and_needs_info_is_left_out()
    {
        await using var world = await ModelWorld.CreateAsync();
        for (var i = 0; i < 30; i++) await world.ListingAsync($"Jasa unblock imei {i}", null, 150_000, ReviewStatus.Confirmed);
        for (var i = 0; i < 200; i++) await world.ListingAsync($"Barang perlu dicek {i}", null, 150_000, ReviewStatus.NeedsInfo);
        var outcome = await world.Retrainer.RunAsync("test", default);
        Assert.Null(outcome.Version);
        Assert.Contains("30 reviewer decision(s)", outcome.Summary);
        await using var db = world.Open();
        Assert.Equal(1, await db.Models.CountAsync());
    }

    [Theory]
    [InlineData(0.99, 0.98, 0.10, 0.05, true)]    // holdout slightly better, decisions 5 points better
    [InlineData(0.99, 0.995, 0.10, 0.01, false)]  // decisions far better, but worse on the holdout
    [InlineData(0.99, 0.99, 0.10, 0.09, false)]   // equal on the holdout, but only 1 point better on decisions
    public void The_gate_wants_no_loss_on_the_holdout_and_a_margin_on_the_decisions(double challengerF1, double championF1, double championErr, double challengerErr, bool passes)
    {
        GateFigures Figures(double f1, double err) => new(f1, f1, 0, 100, (int)Math.Round(err * 100));
        var report = Retrainer.Judge(Figures(challengerF1, challengerErr), Figures(championF1, championErr), "champion", new ModelOptions());
        Assert.Equal(passes, report.Passed);
    }
}
