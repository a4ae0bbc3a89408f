using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Learning;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Learning;

public class ChampionTests
{
    // A model that has everything backwards: promoting it must flip the flags of pending listings, visibly.
    private static async Task<string> RegisterBackwardsModelAsync(ModelWorld world)
    {
        var rows = TrainingData.Read(Path.Combine(AppPaths.RepositoryRoot, "fixtures", "training", "train.csv")).Select(r => r with { Label = !r.Label });
        var classifier = Classifier.Train(rows, new ModelRecipe { Trainer = ModelRecipe.Sdca, Signals = false });
        await world.Registry.RegisterAsync(classifier, new ModelVersion
        {
            Version = classifier.Version, CreatedBy = "test", Trainer = "sdca", Recipe = classifier.Recipe, Sha256 = "", CreatedAt = DateTime.UtcNow,
        }, default);
        return classifier.Version;
    }

    [Fact]
    public async Task Promotion_and_rollback_rescore_pending_listings_say_why_a_flag_changed_and_are_audited()
    {
        await using var world = await ModelWorld.CreateAsync();
        var first = world.Detector.Model!.Version;
        var offer = await world.ListingAsync("Jasa Unblock IMEI iPhone Inter All Operator 3 Bulan", null, 150_000, flagged: true, score: 0.99);
        var phone = await world.ListingAsync("Casing HP Oppo A3X Bening", null, 15_000);
        var decided = await world.ListingAsync("Jasa Unblock IMEI Samsung Permanen", null, 250_000, ReviewStatus.Confirmed, flagged: true, score: 0.99);
        var backwards = await RegisterBackwardsModelAsync(world);

        var promoted = await world.Champions.PromoteAsync(backwards, "ani", "trying it", default);
        Assert.Equal(2, promoted.Rescored.Listings);   // pending only: the decided listing keeps its detection
        await using (var db = world.Open())
        {
            var o = await db.Listings.SingleAsync(l => l.Id == offer);
            var latest = await db.Detections.SingleAsync(d => d.Id == o.LatestDetectionId);
            Assert.False(o.Flagged);
            Assert.StartsWith($"{backwards}+", latest.ModelVersion);
            Assert.StartsWith("no longer flagged: model " + backwards, latest.Reasons);
            Assert.True((await db.Listings.SingleAsync(l => l.Id == phone)).Flagged);
            Assert.Null((await db.Listings.SingleAsync(l => l.Id == decided)).LatestDetectionId);
            Assert.Contains(await db.Audit.Where(a => a.Action == "model-promote").ToListAsync(), a => a.Actor == "ani" && a.After == backwards && a.Before == first && a.Note == "trying it");
        }

        var back = await world.Champions.RollbackAsync("budi", "flags went backwards", default);
        Assert.Equal(first, back.Version);
        Assert.Equal(first, world.Detector.Model!.Version);
        await using (var db = world.Open())
        {
            var o = await db.Listings.SingleAsync(l => l.Id == offer);
            Assert.True(o.Flagged);
            Assert.StartsWith("now flagged: model " + first, (await db.Detections.SingleAsync(d => d.Id == o.LatestDetectionId)).Reasons);
            Assert.Equal(ModelStatus.RolledBack, (await db.Models.SingleAsync(m => m.Version == backwards)).Status);
            Assert.Contains(await db.Audit.Where(a => a.Action == "model-rollback").ToListAsync(), a => a.Actor == "budi" && a.Before == backwards && a.After == first);
            Assert.Equal(2, await db.Audit.CountAsync(a => a.Action == "model-rescore"));
        }
        // The first champion has no predecessor: nothing further to roll back to.
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => world.Champions.RollbackAsync("budi", null, default));
        Assert.Contains("nothing to roll back to", e.Message);
    }

    [Fact]
    public async Task A_model_whose_file_was_altered_is_refused_before_anything_changes()
    {
        await using var world = await ModelWorld.CreateAsync();
        _ = world.Detector;
        var backwards = await RegisterBackwardsModelAsync(world);
        await using var db = world.Open();
        var row = await db.Models.SingleAsync(m => m.Version == backwards);
        var file = world.Registry.FileOf(row);
        File.SetAttributes(file, FileAttributes.Normal);
        await File.AppendAllTextAsync(file, "tampered");
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => world.Champions.PromoteAsync(backwards, "ani", null, default));
        Assert.Contains(file, e.Message);
        Assert.Contains("corrupt", e.Message);
        Assert.NotEqual(backwards, await ModelRegistry.ChampionVersionAsync(db, default));
    }
}
