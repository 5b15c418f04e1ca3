"use client";
// What the signed-in person's role allows in the active workspace, for hiding controls they
// cannot use. Only presentation: the server refuses the call anyway (packages/api/src/trpc.ts).
import type { Permission } from "@mailstream/auth/permissions";
import { createContext, useContext, type ReactNode } from "react";

const PermissionsContext = createContext<ReadonlySet<Permission>>(new Set());

export function PermissionsProvider({ permissions, children }: { permissions: Permission[]; children: ReactNode }) {
  return <PermissionsContext.Provider value={new Set(permissions)}>{children}</PermissionsContext.Provider>;
}

export function usePermissions(): ReadonlySet<Permission> {
  return useContext(PermissionsContext);
}

export function useCan(permission: Permission): boolean {
  return usePermissions().has(permission);
}

/** Renders `children` only when the role holds `permission` (else `fallback`). */
export function Can({
  permission,
  children,
  fallback = null,
}: {
  permission: Permission;
  children: ReactNode;
  fallback?: ReactNode;
}) {
  return useCan(permission) ? children : fallback;
}
