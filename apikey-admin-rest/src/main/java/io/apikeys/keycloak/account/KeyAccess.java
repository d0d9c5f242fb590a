package io.apikeys.keycloak.account;

/** What a console user may do with the keys of one client. */
public enum KeyAccess {
    NONE, VIEW, MANAGE;

    public boolean canView() {
        return this != NONE;
    }

    public boolean canManage() {
        return this == MANAGE;
    }
}
