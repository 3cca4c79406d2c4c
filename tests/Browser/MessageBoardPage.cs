using Microsoft.Playwright;

namespace Simulator.Tests.Browser;

/// <summary>
/// The sample app's pages as a person uses them (views/pages/ in sample-sails-app): every step
/// fills or clicks what is on the page, every check reads what the page shows.
/// </summary>
public sealed class MessageBoardPage(IPage page)
{
    public const string Password = "correct horse battery staple";

    public IPage Page { get; } = page;

    public string Email { get; } = $"browser-{Guid.NewGuid():N}@example.test";

    public async Task SignUpAndLogInAsync()
    {
        await Page.GotoAsync("/");
        await Assertions.Expect(Page.Locator("#signed-out h2")).ToHaveTextAsync("You are not logged in");
        var signup = Page.Locator("#signup");
        await signup.GetByLabel("Email").FillAsync(Email);
        await signup.GetByLabel("Password").FillAsync(Password);
        await signup.GetByRole(AriaRole.Button, new() { Name = "Sign up and log in" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#user")).ToHaveTextAsync(Email);
    }

    /// <summary>Loads the page again; answers the replica named in X-Served-By.</summary>
    public async Task<string?> ReloadAsync()
    {
        var response = await Page.ReloadAsync();
        return response is null ? null : await response.HeaderValueAsync("x-served-by");
    }

    /// <summary>Requests of the page's own to the app (its health), as the page's other traffic would make them.</summary>
    public async Task FetchAsync(string path, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await Page.EvaluateAsync("path => fetch(path).then(response => response.status)", path);
        }
    }

    public Task<string> ServedByAsync() => Page.Locator("#served-by").InnerTextAsync();

    public Task<string> UserAsync() => Page.Locator("#user").InnerTextAsync();

    /// <summary>Once the page's socket is subscribed: the replica holding it, as the page shows it.</summary>
    public async Task<string> SocketReplicaAsync()
    {
        await Assertions.Expect(Page.Locator("#socket-state")).ToHaveTextAsync("connected");
        return await Page.Locator("#socket-replica").InnerTextAsync();
    }

    public async Task PostAsync(string text)
    {
        var form = Page.Locator("#post");
        await form.GetByLabel("Message").FillAsync(text);
        await form.GetByRole(AriaRole.Button, new() { Name = "Post" }).ClickAsync();
    }

    /// <summary>Waits until the message is on the board (no reload); answers "created on sails-N" as shown.</summary>
    public async Task<string> WaitForMessageAsync(string text)
    {
        var item = Page.Locator("#messages li").Filter(new() { Has = Page.Locator(".text", new() { HasTextString = text }) });
        await item.WaitForAsync();
        return await item.Locator(".replica").InnerTextAsync();
    }

    public async Task UploadAsync(string fileName, string contentType, byte[] bytes)
    {
        var form = Page.Locator("#upload");
        await form.GetByLabel("File").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = contentType, Buffer = bytes });
        await form.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Page.Locator("#uploads a", new() { HasTextString = fileName }).WaitForAsync();
    }

    /// <summary>Clicks the uploaded file's link and answers the downloaded file's name and bytes.</summary>
    public async Task<(string FileName, byte[] Bytes)> DownloadAsync(string fileName)
    {
        var link = Page.Locator("#uploads a", new() { HasTextString = fileName });
        var download = await Page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        await using var stream = await download.CreateReadStreamAsync();
        using var bytes = new MemoryStream();
        await stream.CopyToAsync(bytes);
        return (download.SuggestedFilename, bytes.ToArray());
    }
}
