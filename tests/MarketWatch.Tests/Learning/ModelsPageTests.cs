using System.Net;
using MarketWatch.Data;
using MarketWatch.Detection;
using MarketWatch.Learning;
using MarketWatch.Review;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Tests.Learning;

/// <summary>The Models page over the real web app on 127.0.0.1: admins promote, roll back and retrain; reviewers may not.</summary>
public class ModelsPageTests
{
    [Fact]
    public async Task An_admin_promotes_and_rolls_back_from_the_models_page_and_a_reviewer_is_refused()
    {
        await using var db = await TestDb.CreateAsync();
        await using var web = WebApp.Build(AppPaths.Resolve(null, db.DataDir), "http://127.0.0.1:0",
            overrides: [new("Schedules:Enabled", "false"), new("Detection:ModelCacheDir", SharedData.ModelCache), EnglishUi.Setting]);
        await global::MarketWatch.Services.PrepareDatabaseAsync(web.Services);
        await web.StartAsync();
        var first = web.Services.GetRequiredService<ModelSlot>().Current.Version;
        var other = Classifier.Train(TrainingData.Read(SharedData.TrainingCsv).Where((_, i) => i % 2 == 0), new ModelRecipe { Trainer = ModelRecipe.Sdca });
        await web.Services.GetRequiredService<ModelRegistry>().RegisterAsync(other, new ModelVersion
        {
            Version = other.Version, CreatedBy = "test", Trainer = "sdca", Recipe = other.Recipe, Sha256 = "", CreatedAt = DateTime.UtcNow,
        }, default);

        var reviewer = await ReviewSession.SignedInAsync(web.BoundUrl(), db.DataDir, "rina", Roles.Reviewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync("/models")).StatusCode);

        var admin = await ReviewSession.SignedInAsync(web.BoundUrl(), db.DataDir);
        var page = await admin.GetStringAsync("/models");
        Assert.Contains(first, page);
        Assert.Contains(other.Version, page);
        var promoted = await ReviewSession.PostFormAsync(admin, "/models", new() { ["version"] = other.Version, ["reason"] = "half the corpus" }, "/models?handler=Promote");
        Assert.Contains($"champion {other.Version}", await promoted.Content.ReadAsStringAsync());
        Assert.Equal(other.Version, web.Services.GetRequiredService<ModelSlot>().Current.Version);

        var rolledBack = await ReviewSession.PostFormAsync(admin, "/models", new(), "/models?handler=Rollback");
        Assert.Contains($"champion {first}", await rolledBack.Content.ReadAsStringAsync());
        var retrain = await ReviewSession.PostFormAsync(admin, "/models", new(), "/models?handler=Retrain");
        Assert.Contains("no challenger", await retrain.Content.ReadAsStringAsync());   // no decisions yet: nothing to judge on

        await using var context = db.Open();
        var actions = await context.Audit.Where(a => a.Actor == "admin").Select(a => a.Action).ToListAsync();
        Assert.Contains("model-promote", actions);
        Assert.Contains("model-rollback", actions);
        Assert.Contains("model-retrain", actions);
        Assert.Equal(first, await ModelRegistry.ChampionVersionAsync(context, default));
        await web.StopAsync();
    }
}
