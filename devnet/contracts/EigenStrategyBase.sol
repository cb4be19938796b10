// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20Minimal {
    function balanceOf(address account) external view returns (uint256);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

interface IStrategyManagerView {
    function stakerDepositShares(address staker, address strategy) external view returns (uint256);
}

/// @title StrategyBase — DEVNET STAND-IN for EigenLayer's StrategyBase (no EigenLayer artifacts exist on npm).
/// @notice Keeps the mainnet function names and signatures Vigil reads (underlyingToken, totalShares,
///         sharesToUnderlyingView, underlyingToSharesView, userUnderlyingView) and the mainnet share math
///         with its virtual offset of 1e3 shares/tokens. No pausing, no withdrawals, no slashing: not EigenLayer.
contract EigenStrategyBase {
    uint256 internal constant SHARES_OFFSET = 1e3;
    uint256 internal constant BALANCE_OFFSET = 1e3;

    address public immutable strategyManager;
    IERC20Minimal public immutable underlyingToken;
    uint256 public totalShares;

    constructor(address strategyManager_, IERC20Minimal underlyingToken_) {
        strategyManager = strategyManager_;
        underlyingToken = underlyingToken_;
    }

    /// @notice Called by the StrategyManager after it moved `amount` tokens into this strategy.
    function deposit(IERC20Minimal token, uint256 amount) external returns (uint256 newShares) {
        require(msg.sender == strategyManager, "StrategyBase: only StrategyManager");
        require(token == underlyingToken, "StrategyBase: wrong token");
        uint256 virtualShareAmount = totalShares + SHARES_OFFSET;
        uint256 virtualTokenBalance = _tokenBalance() + BALANCE_OFFSET;
        uint256 virtualPriorTokenBalance = virtualTokenBalance - amount;
        newShares = (amount * virtualShareAmount) / virtualPriorTokenBalance;
        require(newShares != 0, "StrategyBase: zero shares");
        totalShares += newShares;
    }

    function sharesToUnderlyingView(uint256 amountShares) public view returns (uint256) {
        uint256 virtualTotalShares = totalShares + SHARES_OFFSET;
        uint256 virtualTokenBalance = _tokenBalance() + BALANCE_OFFSET;
        return (virtualTokenBalance * amountShares) / virtualTotalShares;
    }

    function sharesToUnderlying(uint256 amountShares) external view returns (uint256) {
        return sharesToUnderlyingView(amountShares);
    }

    function underlyingToSharesView(uint256 amountUnderlying) public view returns (uint256) {
        uint256 virtualTotalShares = totalShares + SHARES_OFFSET;
        uint256 virtualTokenBalance = _tokenBalance() + BALANCE_OFFSET;
        return (amountUnderlying * virtualTotalShares) / virtualTokenBalance;
    }

    function underlyingToShares(uint256 amountUnderlying) external view returns (uint256) {
        return underlyingToSharesView(amountUnderlying);
    }

    function userUnderlyingView(address user) external view returns (uint256) {
        return sharesToUnderlyingView(IStrategyManagerView(strategyManager).stakerDepositShares(user, address(this)));
    }

    function explanation() external pure returns (string memory) {
        return "Vigil devnet stand-in for EigenLayer StrategyBase";
    }

    function _tokenBalance() internal view returns (uint256) {
        return underlyingToken.balanceOf(address(this));
    }
}
