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

        new Profile { Endpoint = "http://c", AccessKey = "AK", SecretKey = "SK" }.WriteTo(ini, "default");

        Assert.Equal("[prod]\nendpoint = https://b\n[default]\nendpoint = http://c\naccess_key = AK\nsecret_key = SK\n", ini.ToString());
    }

    [Fact]
    public void Writing_a_profile_keeps_comments_blank_lines_and_unknown_keys_where_they_were()
    {
        const string before = "# my keys, do not share\n[default]\n; the laptop server\nendpoint = http://a\ncolor = never\n\n# production\n[prod]\nendpoint = https://b\n";
        var ini = IniFile.Parse(before);

        new Profile { Endpoint = "http://c", AccessKey = "AK", SecretKey = "SK" }.WriteTo(ini, "default");
        new Profile { Endpoint = "http://s" }.WriteTo(ini, "staging");

        Assert.Equal(
            "# my keys, do not share\n[default]\n; the laptop server\nendpoint = http://c\ncolor = never\naccess_key = AK\nsecret_key = SK\n\n" +
            "# production\n[prod]\nendpoint = https://b\n\n[staging]\nendpoint = http://s\n", ini.ToString());
        Assert.Equal("never", ini.Find("default")!["color"]);
    }
}
