// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import "./TestSmartWallet.sol";

/// @notice DEVNET TEST CONTRACT: deploys TestSmartWallets with CREATE2, so a wallet's address is known before it
/// exists. That is what ERC-6492 sign-in needs: a counterfactual wallet signs with its factory call attached and the
/// verifier simulates the deployment before asking the wallet. Not a factory anyone should use.
contract TestSmartWalletFactory {
    event WalletDeployed(address indexed wallet, address indexed owner, bytes32 salt);

    function deploy(address owner, bytes32 salt) external returns (address wallet) {
        wallet = address(new TestSmartWallet{salt: salt}(owner));
        emit WalletDeployed(wallet, owner, salt);
    }

    /// The address deploy(owner, salt) creates (EIP-1014), whether or not it has been deployed yet.
    function walletAddress(address owner, bytes32 salt) external view returns (address) {
        bytes32 initCodeHash = keccak256(abi.encodePacked(type(TestSmartWallet).creationCode, abi.encode(owner)));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, initCodeHash)))));
    }
}
