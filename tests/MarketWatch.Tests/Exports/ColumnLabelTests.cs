using System.Globalization;
using MarketWatch.Exports;

namespace MarketWatch.Tests.Exports;

/// <summary>Every column of every export has a label for people, in English and in Bahasa Indonesia, each once per file.</summary>
public class ColumnLabelTests
{
    public static TheoryData<string, string[]> Exports() => new()
    {
        { "takedown", TakedownRow.Columns }, { "imei-blocklist", BlocklistRow.Columns }, { "listings", ListingRow.Columns },
    };

    [Theory]
    [MemberData(nameof(Exports))]
    public void Every_column_has_an_English_label_and_an_Indonesian_translation(string export, string[] columns)
    {
        var indonesian = CultureInfo.GetCultureInfo("id-ID");
        foreach (var column in columns)
        {
            var english = ColumnLabels.EnglishLabel(column);
            Assert.True(english is not null, $"{export}: column '{column}' has no label in ColumnLabels");
            Assert.True(ColumnLabels.Translated(english!, indonesian), $"{export}: '{english}' is missing from Text.id.resx");
        }
        foreach (var culture in new[] { indonesian, CultureInfo.GetCultureInfo("en") })
        {
            var labels = ColumnLabels.For(columns, culture);
            Assert.Equal(labels.Length, labels.Distinct().Count());
        }
    }

    [Fact]
    public void A_text_with_no_translation_is_shown_in_English_rather_than_failing_the_export() =>
        Assert.Equal("No such text here", ColumnLabels.Say("No such text here", CultureInfo.GetCultureInfo("id-ID")));
}
