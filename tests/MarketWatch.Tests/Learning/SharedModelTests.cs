using MarketWatch.Data;
using MarketWatch.Learning;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Tests.Learning;

/// <summary>
/// Two nodes (two data directories) on one PostgreSQL database: they may register the same first model at the same
/// moment, and a model registered on one is loaded by the other although its file was never on that node's disk.
/// </summary>
public class SharedModelTests : IDisposable
{
    private readonly TempDir _a = new(), _b = new();

    public void Dispose()
    {
        _b.Dispose();
        _a.Dispose();
    }

    private static async Task<ServiceProvider> NodeAsync(string dataDir)
    {
        var paths = AppPaths.Resolve(null, dataDir);
        var config = new ConfigurationBuilder().AddConfiguration(paths.LoadConfiguration())
            .AddInMemoryCollection([new("Detection:ModelCacheDir", SharedData.ModelCache), .. TestDb.Overrides(dataDir)]).Build();
        var services = new ServiceCollection().AddLogging().AddData(config, paths).AddMarketplaces(config).AddDetection(config, paths).BuildServiceProvider();
        await global::MarketWatch.Services.PrepareDatabaseAsync(services);
        return services;
    }

    [Fact]
    public async Task Nodes_registering_together_agree_and_a_model_from_one_node_loads_on_the_other()
    {
        await TestDb.UseAsync(_a.Path, DatabaseProvider.Postgres);
        TestDb.Share(_a.Path, _b.Path);
        await using var a = await NodeAsync(_a.Path);
        await using var b = await NodeAsync(_b.Path);
        var (ra, rb) = (a.GetRequiredService<ModelRegistry>(), b.GetRequiredService<ModelRegistry>());

        // Both nodes start at once on an empty registry: both train (or take from the cache) the first model.
        var started = await Task.WhenAll(Task.Run(ra.LoadStartupModel), Task.Run(rb.LoadStartupModel));
        Assert.Equal(started[0].Version, started[1].Version);
        await using (var db = TestDb.OpenAt(_a.Path))
        {
            Assert.Equal(1, await db.Models.CountAsync());
            Assert.All(await db.ModelPromotions.ToListAsync(), p => Assert.Equal(started[0].Version, p.Version));
        }

        // A model only node A has on disk (its file removed from B, as on another machine) loads on B from the database.
        ModelVersion champion;
        await using (var db = TestDb.OpenAt(_a.Path)) champion = ModelRegistry.Champion(db)!;
        if (Directory.Exists(rb.ModelsDir)) Directory.Delete(rb.ModelsDir, recursive: true);
        var loaded = rb.Load(champion);
        Assert.Equal(champion.Version, loaded.Version);
        Assert.True(File.Exists(rb.FileOf(champion)), "the node keeps the fetched file, checked against the registry's hash");

        // And a file altered on B's disk is still refused: the database copy does not paper over it.
        File.WriteAllBytes(rb.FileOf(champion), [1, 2, 3]);
        var e = Assert.Throws<InvalidDataException>(() => rb.Load(champion));
        Assert.Contains("corrupt", e.Message);
    }
}
