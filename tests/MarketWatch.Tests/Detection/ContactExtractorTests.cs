using MarketWatch.Detection;

namespace MarketWatch.Tests.Detection;

public class ContactExtractorTests
{
    [Theory]
    [InlineData("WA 0813-7222-4519 ya", "phone", "6281372224519")]
    [InlineData("hubungi +62 813 7222 4519", "phone", "6281372224519")]
    [InlineData("https://wa.me/6281372224519", "phone", "6281372224519")]
    [InlineData("chat 0813.7222.4519", "phone", "6281372224519")]
    [InlineData("email: Jasa.IMEI@Gmail.com", "email", "jasa.imei@gmail.com")]
    [InlineData("IG @unblock.batam untuk testimoni", "handle", "unblock.batam")]
    [InlineData("telegram t.me/imei_resmi", "handle", "imei_resmi")]
    public void Contacts_are_found_and_normalised_so_one_number_written_many_ways_is_one_value(string text, string kind, string value) =>
        Assert.Contains((kind, value), ContactExtractor.Extract(text));

    [Theory]
    [InlineData("IMEI 353259107744109 terdaftar")]      // an IMEI is not a phone number
    [InlineData("harga Rp 81.234.567")]
    [InlineData("kirim ke jasa.imei@gmail.com")]         // the e-mail's domain is not a handle
    public void Imeis_prices_and_email_domains_are_not_taken_for_phones_or_handles(string text) =>
        Assert.DoesNotContain(ContactExtractor.Extract(text), c => c.Kind == "phone" || (c.Kind == "handle" && c.Value.Contains("gmail")));
}
