"""Bitrix24 REST client, portal emulator, demo portal and the incremental local store."""
