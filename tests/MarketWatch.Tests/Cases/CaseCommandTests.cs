using System.Text.Json;
using MarketWatch.Tests.Exports;
using MarketWatch.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Tests.Cases;

/// <summary>The command line: `cases` lists the networks, `export case ID` writes the dossier with its manifest.</summary>
public sealed class CaseCommandTests
{
    [Fact]
    public async Task Cases_verb_lists_networks_and_export_case_writes_the_dossier_with_its_manifest()
    {
        await using var world = await CaseWorld.CreateAsync();
        var offers = CaseWorld.Catalogue.Items.Where(i => i.Kind == "offer").Take(10).ToList();
        foreach (var marketplace in new[] { "tokopedia", "shopee" })
            await world.StoreAsync(marketplace, offers.Select((o, i) => CaseWorld.Card(marketplace, o, i + 1)).ToList());
        long network;
        await using (var db = world.Open())
            network = (await db.Listings.AsNoTracking().Where(l => l.CaseId != null).GroupBy(l => l.CaseId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync())!.Value;

        var list = await AppProcess.RunAsync("--data-dir", world.DataDir, "cases", "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        var rows = JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Contains(rows, r => r.GetProperty("id").GetInt64() == network && r.GetProperty("marketplaces").GetInt32() == 2);

        var output = Path.Combine(world.DataDir, "network.json");
        var export = await AppProcess.RunAsync("--data-dir", world.DataDir, "export", "case", network.ToString(), "-f", "json", "-o", output);
        Assert.True(export.ExitCode == 0, export.ToString());
        var dossier = JsonDocument.Parse(File.ReadAllText(output)).RootElement;
        Assert.Equal(network, dossier.GetProperty("caseId").GetInt64());
        ExportFiles.VerifiedManifest(output, rows: dossier.GetProperty("listings").GetArrayLength());

        var missing = await AppProcess.RunAsync("--data-dir", world.DataDir, "export", "case", "999999", "-f", "pdf", "-o", Path.Combine(world.DataDir, "x.pdf"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("case 999999 does not exist", missing.Stderr);
    }
}
