package io.apikeys.keycloak.rest;

/** What a caller needs, or holds, on the keys of one client. */
public enum KeyAccess {
    NONE, VIEW, MANAGE;

    public boolean canView() {
        return this != NONE;
    }

    public boolean canManage() {
        return this == MANAGE;
    }
}
