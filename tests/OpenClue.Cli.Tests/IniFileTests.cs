using OpenClue.Cli.Config;

namespace OpenClue.Cli.Tests;

public class IniFileTests
{
    [Fact]
    public void Reads_sections_keys_and_ignores_comments_and_stray_lines()
    {
        var ini = IniFile.Parse("# profiles\n[default]\nendpoint = http://a:1\r\nACCESS_KEY=AK\n; note\nnot a setting\n\n[prod]\nendpoint=https://b\n");

        var profile = Profile.From(ini.Find("default")!);
        Assert.Equal("http://a:1", profile.Endpoint);
        Assert.Equal("AK", profile.AccessKey);
        Assert.Equal("https://b", Profile.From(ini.Find("prod")!).Endpoint);
        Assert.Null(ini.Find("missing"));
    }

    [Fact]
    public void Writing_a_profile_keeps_the_others_and_drops_emptied_keys()
    {
        var ini = IniFile.Parse("[prod]\nendpoint = https://b\n[default]\nendpoint = http://a\ns3_region = x\n");

        new Profile { Endpoint = "http://c", AccessKey = "AK", SecretKey = "SK" }.WriteTo(ini.Section("default"));

        Assert.Equal("[prod]\nendpoint = https://b\n\n[default]\nendpoint = http://c\naccess_key = AK\nsecret_key = SK\n", ini.ToString());
    }
}
