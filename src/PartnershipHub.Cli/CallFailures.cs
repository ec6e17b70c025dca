using Google.Rpc;
using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PartnershipHub.Contracts.Errors;
using PartnershipHub.Contracts.LocalTokens;

namespace PartnershipHub.Cli;

/// <summary>
/// Says in plain words why a call could not be made: an address that is not one, a hub that does not answer, a hub
/// that answers it cannot serve the call (its store failed, part of its cluster did not answer), a token the hub will
/// not take (expired, signed with another hub's key, not a token at all), and what to do about it.
/// </summary>
public static class CallFailures
{
    /// <summary>The default address of the hub, as <c>scripts/run.sh</c> starts it.</summary>
    public const string DefaultHub = "http://127.0.0.1:5080";

    private const string NewToken = "run 'phub token --org CODE --role ROLE' in the hub's folder (or with --data-folder) and pass it with --token or PHUB_TOKEN";

    /// <summary>
    /// The hub's address from <c>--hub</c>, else the <c>PHUB_HUB</c> environment variable, else the default; a usage
    /// error when it is not an http:// or https:// address.
    /// </summary>
    public static Uri HubAddress(Arguments a)
    {
        var text = a.Option("hub") ?? Environment.GetEnvironmentVariable("PHUB_HUB") ?? DefaultHub;
        return Uri.TryCreate(text, UriKind.Absolute, out var address) && (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps)
            ? address
            : throw new UsageException($"--hub (or PHUB_HUB) must be an address starting http:// or https://, e.g. {DefaultHub}; '{text}' is not.");
    }

    /// <summary>
    /// The error to show for a failed call in words: where no hub answered, what the hub's own UNAVAILABLE means, or
    /// why the token was refused; null when the hub's own answer says it best.
    /// </summary>
    public static string? Explain(RpcException ex, Uri hub, string? token, string dataFolder) => ex.StatusCode switch
    {
        StatusCode.Unavailable => Unavailable(ex, hub),
        StatusCode.Unauthenticated => "The hub did not accept the token: " + TokenProblem(token, dataFolder) + ".",
        _ => null,
    };

    /// <summary>
    /// An UNAVAILABLE in words. The hub names why it could not serve the call in the status's <c>ErrorInfo</c>
    /// (<see cref="HubErrorReasons"/>); a status the client made itself carries the connection's exception, and means no
    /// hub answered at all. What else answered UNAVAILABLE (an older hub, a proxy) is shown with its own message.
    /// </summary>
    private static string Unavailable(RpcException ex, Uri hub)
    {
        var info = ex.GetRpcStatus()?.GetDetail<ErrorInfo>();
        return (info?.Domain == HubErrorReasons.Domain ? info.Reason : null) switch
        {
            HubErrorReasons.StoreUnavailable =>
                $"The hub at {hub} answered, but its store failed, so nothing of this call was done (reference {info!.Metadata.GetValueOrDefault(HubErrorReasons.Reference, "none given")}). "
                + "Try again later; if it keeps failing, give the reference to the hub's operator: the hub's log gives the cause under it (e.g. a full disk).",
            HubErrorReasons.ClusterUnavailable =>
                $"The hub at {hub} answered, but part of its cluster did not answer in time, so the call may or may not have been done. "
                + "A read can be asked again; before repeating a change, check whether it was made. If it keeps happening, tell the hub's operator.",
            _ when ex.Status.DebugException is null =>
                $"The hub at {hub} answered that it cannot serve the call now: {ex.Status.Detail} Try again later; if it keeps failing, tell the hub's operator.",
            _ => $"No hub answered at {hub} ({ex.Status.Detail}). Is it running? Start one with scripts/run.sh, or name another with --hub.",
        };
    }

    /// <summary>What is wrong with <paramref name="token"/>, as far as can be told here, and what to do.</summary>
    public static string TokenProblem(string? token, string dataFolder)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return "there is none; " + NewToken;
        }

        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token.Trim());
        }
        catch (ArgumentException)
        {
            return "it is not a token (a bearer token is three dot-separated parts); " + NewToken;
        }

        if (jwt.ValidTo < DateTime.UtcNow)
        {
            return $"it expired at {jwt.ValidTo:yyyy-MM-dd HH:mm} UTC; " + NewToken;
        }

        var keyPath = LocalSigningKey.PathIn(dataFolder);
        if (jwt.Issuer == LocalSigningKey.Issuer && File.Exists(keyPath) && !SignedWith(jwt, keyPath))
        {
            return $"it was signed with another hub's key, not the one in {keyPath}; " + NewToken;
        }

        return "it was refused (not signed with a key this hub trusts, or for another audience); " + NewToken;
    }

    private static bool SignedWith(JsonWebToken jwt, string keyPath)
    {
        using var key = LocalSigningKey.Load(keyPath);
        var result = new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKey = new RsaSecurityKey(key),
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false },
        }).GetAwaiter().GetResult();
        return result.IsValid;
    }
}

/// <summary>A call could not be made or was refused for a reason the message explains in words.</summary>
public sealed class CallFailedException(string message) : Exception(message);
