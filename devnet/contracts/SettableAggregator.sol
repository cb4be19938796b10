// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title SettableAggregator — devnet-only Chainlink-style USD price feed whose answer the devnet sets.
/// @notice Implements what AaveOracle and UiPoolDataProviderV3 read (latestAnswer, decimals) plus
///         AggregatorV3Interface.latestRoundData. Each setAnswer starts a new round stamped with block time.
contract SettableAggregator {
    uint8 public constant decimals = 8;
    string public description;
    uint256 public constant version = 4;
    address public immutable owner;

    int256 public latestAnswer;
    uint256 public latestTimestamp;
    uint256 public latestRound;

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    constructor(string memory description_, int256 initialAnswer) {
        owner = msg.sender;
        description = description_;
        _set(initialAnswer);
    }

    /// @notice Anyone may set the price on the devnet (scenario CLI and tests use arbitrary accounts).
    function setAnswer(int256 answer) external {
        _set(answer);
    }

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        roundId = uint80(latestRound);
        return (roundId, latestAnswer, latestTimestamp, latestTimestamp, roundId);
    }

    function _set(int256 answer) internal {
        require(answer > 0, "SettableAggregator: answer must be positive");
        latestRound += 1;
        latestAnswer = answer;
        latestTimestamp = block.timestamp;
        emit AnswerUpdated(answer, latestRound, block.timestamp);
    }
}
