using MarketWatch.Detection;

namespace MarketWatch.Tests.Detection;

public class ImeiTests
{
    [Theory]
    [InlineData("353320119514433", "353320119514433")]
    [InlineData("jual 35 332011 951443 3 murah", "353320119514433")]
    [InlineData("35-332011-951443-3", "353320119514433")]
    [InlineData("35.332011.951443.3", "353320119514433")]
    [InlineData("35332011/951443/3", "353320119514433")]
    [InlineData("353 320 119 514 433", "353320119514433")]
    [InlineData("IMEI:353320119514433", "353320119514433")]
    [InlineData("imei1 353320119514433", "353320119514433")]
    [InlineData("IMEI 2 = 35-209900-176148-1", "352099001761481")]
    [InlineData("IMEI 1 35 209900 176148 1", "352099001761481")]
    [InlineData("ＩＭＥＩ ３５３３２０１１９５１４４３３", "353320119514433")]
    public void Finds_imei_in_every_written_form(string text, string expected)
    {
        var found = Imei.Extract(text);
        var single = Assert.Single(found);
        Assert.Equal(expected, single.Imei);
        Assert.Equal(ImeiStatus.Valid, single.Status);
    }

    [Fact]
    public void Finds_several_imeis_in_order_of_appearance()
    {
        var found = Imei.Extract("IMEI 1: 353320119514433\nIMEI 2: 35-209900-176148-1 dan 353320119514433 lagi");
        Assert.Equal(["353320119514433", "352099001761481"], found.Select(f => f.Imei));
        Assert.True(found[0].Index < found[1].Index);
        Assert.Equal("35-209900-176148-1", found[1].Raw);
    }

    [Theory]
    [InlineData("no resi 3533201195144331 sudah dikirim")]          // 16 digits: IMEISV / order id
    [InlineData("order 20240315123456789012")]                        // long order id
    [InlineData("WA 0812-3456-7890 atau +62 812 3456 7890")]          // phone numbers
    [InlineData("Harga Rp 1.299.000 diskon Rp150.000")]              // prices
    [InlineData("dikirim 12/05/2024 jam 10.30")]                      // dates and times
    [InlineData("35  332011  951443  3")]                              // double spaces are not one number
    [InlineData("35-332011 951443/3")]                                 // mixed separators
    public void Ignores_numbers_that_are_not_imeis(string text) => Assert.Empty(Imei.Extract(text));

    [Theory]
    [InlineData("353320119514434", ImeiStatus.BadCheckDigit)]
    [InlineData("000000000000000", ImeiStatus.Placeholder)]
    [InlineData("111111111111111", ImeiStatus.Placeholder)]
    [InlineData("012345678912345", ImeiStatus.Placeholder)]
    [InlineData("004999010640000", ImeiStatus.Placeholder)]
    [InlineData("001017000000002", ImeiStatus.TestTac)]
    [InlineData("004400000000003", ImeiStatus.TestTac)]
    [InlineData("353320119514433", ImeiStatus.Valid)]
    public void Classifies_each_candidate(string imei, ImeiStatus status)
    {
        Assert.Equal(status, Imei.Classify(imei));
        Assert.Equal(status, Assert.Single(Imei.Extract("imei " + imei)).Status);
    }

    [Theory]
    [InlineData("35332011951443", '3')]
    [InlineData("35209900176148", '1')]
    [InlineData("49015420323751", '8')]
    public void Computes_luhn_check_digit(string first14, char expected) => Assert.Equal(expected, Imei.CheckDigit(first14));

    [Fact]
    public void Prefers_the_valid_reading_when_a_label_digit_precedes_the_groups()
    {
        // "1 35 209900 176148" also adds up to 15 digits; only the reading without the label's digit passes Luhn.
        var found = Assert.Single(Imei.Extract("IMEI 1 35 209900 176148 1"));
        Assert.Equal("352099001761481", found.Imei);
    }
}
