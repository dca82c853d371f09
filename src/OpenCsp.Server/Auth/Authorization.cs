using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using OpenCsp.Core.Common;
using OpenCsp.Core.Partners;

namespace OpenCsp.Server.Auth;

/// <summary>A policy per <see cref="Permission"/>, decided by <see cref="RoleMatrix"/> (ROLE-1): the matrix is the only place roles are checked.</summary>
public sealed record PermissionRequirement(Permission Permission) : IAuthorizationRequirement;

public sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (CallerClaims.TryRead(context.User) is { } caller && caller.Can(requirement.Permission))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

public static class Authorization
{
    public static IServiceCollection AddPermissionPolicies(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAuthorizationResults>();
        services.AddAuthorization(o =>
        {
            foreach (var permission in Enum.GetValues<Permission>())
            {
                o.AddPolicy(permission.ToString(), p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission)));
            }
        });
        return services;
    }

    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(permission.ToString());
}

/// <summary>401 and 403 with our error body (and the roles that would have been allowed), instead of an empty response.</summary>
public sealed class ApiAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!context.Request.Path.StartsWithSegments("/v1"))
            return fallback.HandleAsync(next, context, policy, authorizeResult);
        if (authorizeResult.Challenged)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Api.ApiErrors.WriteAsync(context, ErrorCodes.TokenMissing);
        }

        if (authorizeResult.Forbidden)
        {
            var needed = policy.Requirements.OfType<PermissionRequirement>().First().Permission;
            return Api.ApiErrors.WriteAsync(context, RoleMatrix.Refuse(needed));
        }

        return next(context);
    }
}
