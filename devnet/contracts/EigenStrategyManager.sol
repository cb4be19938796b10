// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import "./EigenStrategyBase.sol";

/// @title StrategyManager — DEVNET STAND-IN for EigenLayer's StrategyManager (no EigenLayer artifacts on npm).
/// @notice Same mainnet signatures for what Vigil uses: depositIntoStrategy(strategy, token, amount) returns
///         (depositShares), stakerStrategyList(staker, index), stakerStrategyListLength, getStakerStrategyList,
///         stakerDepositShares(staker, strategy), getDeposits(staker), strategyIsWhitelistedForDeposit.
///         No delegation, withdrawals, slashing or signatures: it only records restaked deposits.
contract EigenStrategyManager {
    address public immutable owner;
    mapping(address => bool) public strategyIsWhitelistedForDeposit;
    mapping(address => mapping(address => uint256)) public stakerDepositShares;
    mapping(address => address[]) public stakerStrategyList;

    event Deposit(address staker, address strategy, uint256 shares);
    event StrategyAddedToDepositWhitelist(address strategy);

    constructor() {
        owner = msg.sender;
    }

    function addStrategiesToDepositWhitelist(address[] calldata strategies) external {
        require(msg.sender == owner, "StrategyManager: only owner");
        for (uint256 i = 0; i < strategies.length; i++) {
            strategyIsWhitelistedForDeposit[strategies[i]] = true;
            emit StrategyAddedToDepositWhitelist(strategies[i]);
        }
    }

    function depositIntoStrategy(EigenStrategyBase strategy, IERC20Minimal token, uint256 amount)
        external
        returns (uint256 depositShares)
    {
        require(strategyIsWhitelistedForDeposit[address(strategy)], "StrategyManager: strategy not whitelisted");
        require(token.transferFrom(msg.sender, address(strategy), amount), "StrategyManager: transfer failed");
        depositShares = strategy.deposit(token, amount);
        if (stakerDepositShares[msg.sender][address(strategy)] == 0) {
            stakerStrategyList[msg.sender].push(address(strategy));
        }
        stakerDepositShares[msg.sender][address(strategy)] += depositShares;
        emit Deposit(msg.sender, address(strategy), depositShares);
    }

    function stakerStrategyListLength(address staker) external view returns (uint256) {
        return stakerStrategyList[staker].length;
    }

    function getStakerStrategyList(address staker) external view returns (address[] memory) {
        return stakerStrategyList[staker];
    }

    function getDeposits(address staker) external view returns (address[] memory, uint256[] memory) {
        address[] memory strategies = stakerStrategyList[staker];
        uint256[] memory shares = new uint256[](strategies.length);
        for (uint256 i = 0; i < strategies.length; i++) {
            shares[i] = stakerDepositShares[staker][strategies[i]];
        }
        return (strategies, shares);
    }
}
