// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @notice DEVNET TEST CONTRACT: a minimal ERC-1271 smart-contract wallet with one owner key, so sign-in can
/// be tested with a contract account (Safe-like wallets sign this way). Not a wallet anyone should use.
contract TestSmartWallet {
    address public immutable owner;
    bytes4 private constant ERC1271_MAGIC_VALUE = 0x1626ba7e;

    constructor(address owner_) {
        owner = owner_;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        if (signature.length != 65) return 0xffffffff;
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        return ecrecover(hash, v, r, s) == owner ? ERC1271_MAGIC_VALUE : bytes4(0xffffffff);
    }
}
