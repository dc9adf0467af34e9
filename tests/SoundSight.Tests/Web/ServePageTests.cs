using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit.Abstractions;

namespace SoundSight.Tests.Web;

/// <summary>
/// The page in a real browser: Debian's chromium, headless, driven by Debian's chromedriver through Selenium
/// (nothing downloaded). Skipped, with the reason, where either is not installed (scripts/setup.sh --browser
/// installs them).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ServePageTests(ServerFixture server, ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Driver = "/usr/bin/chromedriver";

    [SkippableFact]
    public void APictureAndTwoSoundsShowTwoHeatmapsAndSwitchingSoundsSwitchesThem()
    {
        Skip.IfNot(File.Exists(Chromium) && File.Exists(Driver), $"needs Debian's chromium and chromium-driver ({Chromium}, {Driver}): scripts/setup.sh --browser installs them");
        // Selenium Manager must never fetch a browser or driver: both are given, and it is told to stay offline.
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1100,1300", "--mute-audio");
        using var browser = new ChromeDriver(service, options, TimeSpan.FromMinutes(2));
        var wait = new WebDriverWait(browser, TimeSpan.FromMinutes(2));

        browser.Navigate().GoToUrl(server.Server.Address);
        wait.Until(b => b.FindElement(By.Id("model")).Text.Contains("UNTRAINED", StringComparison.Ordinal));
        wait.Until(b => b.FindElements(By.CssSelector("#examples button")).Count > 0);

        browser.FindElement(By.Id("picture-input")).SendKeys(server.Picture);
        browser.FindElement(By.Id("sound-input")).SendKeys(server.Speech + "\n" + server.Tone);
        wait.Until(b => b.FindElement(By.Id("run")).Enabled);
        browser.FindElement(By.Id("run")).Click();

        wait.Until(b => b.FindElements(By.CssSelector("#tabs .sound-tab")).Count == 2);
        var tabs = browser.FindElements(By.CssSelector("#tabs .sound-tab"));
        Assert.Equal(["speech.wav", "tone.wav"], tabs.Select(t => t.Text));
        var overlay = browser.FindElement(By.Id("overlay"));
        var first = wait.Until(_ => overlay.GetAttribute("src") is { Length: > 100 } src ? src : null);
        Assert.StartsWith("data:image/png;base64,", first);
        Assert.Contains("peak at", browser.FindElement(By.Id("numbers")).Text);
        Assert.Contains("s_A", browser.FindElement(By.Id("numbers")).Text);

        tabs[1].Click();
        var second = wait.Until(_ => overlay.GetAttribute("src") is { } src && src != first ? src : null);
        Assert.NotEqual(first, second);
        Assert.Contains("tone.wav", browser.FindElement(By.Id("numbers")).Text);
        tabs[0].Click();
        wait.Until(_ => overlay.GetAttribute("src") == first);

        // All sounds at once: one canvas, one legend entry per sound.
        browser.FindElement(By.Id("all-tab")).Click();
        wait.Until(b => b.FindElement(By.Id("combined")).Displayed && b.FindElements(By.CssSelector("#legend span")).Count == 2);
        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        tabs[0].Click();
        wait.Until(b => overlay.GetAttribute("src") == first && overlay.Displayed && !b.FindElement(By.Id("combined")).Displayed);
        var shot = Path.Combine(artifacts, "serve-page.png");
        browser.GetScreenshot().SaveAsFile(shot);
        output.WriteLine($"screenshot: {shot}");

        // A bad file is a clear message on the page, not a stack trace.
        var bad = Path.Combine(server.Inputs, "notes.jpg");
        File.WriteAllText(bad, "not a picture at all");
        browser.FindElement(By.Id("picture-input")).SendKeys(bad);
        browser.FindElement(By.Id("run")).Click();
        wait.Until(b => b.FindElement(By.Id("message")).GetAttribute("class")!.Contains("error", StringComparison.Ordinal));
        Assert.Contains("notes.jpg: not a picture", browser.FindElement(By.Id("message")).Text);
    }
}
