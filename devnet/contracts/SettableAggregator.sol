// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title SettableAggregator — devnet-only Chainlink-style USD price feed whose answer the devnet sets.
/// @notice Implements what AaveOracle and UiPoolDataProviderV3 read (latestAnswer, decimals) plus
///         AggregatorV3Interface (latestRoundData, getRoundData). Every round is kept, so history can be read back
///         the way it is from a real feed. Round ids look like a Chainlink proxy's: phase 1 in the top bits
///         ((1 << 64) | n), so readers must walk rounds within a phase exactly as they do on mainnet.
contract SettableAggregator {
    uint8 public constant decimals = 8;
    string public description;
    uint256 public constant version = 4;
    address public immutable owner;

    uint256 private constant PHASE_OFFSET = 64;
    uint256 private constant PHASE_ID = 1;

    struct Round {
        int192 answer;
        uint64 updatedAt;
    }

    /// @dev Aggregator round number (1, 2, …) → round; the public round id adds the phase.
    mapping(uint256 => Round) private rounds;
    uint256 private latestAggregatorRound;

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
    event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt);

    constructor(string memory description_, int256 initialAnswer) {
        owner = msg.sender;
        description = description_;
        _append(initialAnswer, block.timestamp);
    }

    /// @notice Anyone may set the price on the devnet (scenario CLI and tests use arbitrary accounts).
    function setAnswer(int256 answer) external {
        _append(answer, block.timestamp);
    }

    /// @notice Devnet build only: appends past rounds in one transaction (30 days of hourly history would
    ///         otherwise take thousands of blocks). Times must rise, follow the latest round and not lie in
    ///         the future, so the feed reads exactly as if each round had been written at its time.
    function appendRounds(int256[] calldata answers, uint256[] calldata updatedAts) external {
        require(answers.length == updatedAts.length, "SettableAggregator: length mismatch");
        for (uint256 i = 0; i < answers.length; i++) {
            require(updatedAts[i] <= block.timestamp, "SettableAggregator: round in the future");
            _append(answers[i], updatedAts[i]);
        }
    }

    function latestAnswer() external view returns (int256) {
        return rounds[latestAggregatorRound].answer;
    }

    function latestTimestamp() external view returns (uint256) {
        return rounds[latestAggregatorRound].updatedAt;
    }

    function latestRound() external view returns (uint256) {
        return _roundId(latestAggregatorRound);
    }

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return _roundData(latestAggregatorRound);
    }

    /// @notice Reverts with "No data present" for a round that does not exist, as Chainlink's aggregators do.
    function getRoundData(uint80 roundId_)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        uint256 phase = uint256(roundId_) >> PHASE_OFFSET;
        uint256 aggregatorRound = uint256(roundId_) & type(uint64).max;
        require(
            phase == PHASE_ID && aggregatorRound > 0 && aggregatorRound <= latestAggregatorRound,
            "No data present"
        );
        return _roundData(aggregatorRound);
    }

    function _roundData(uint256 aggregatorRound)
        internal
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory round = rounds[aggregatorRound];
        roundId = uint80(_roundId(aggregatorRound));
        return (roundId, round.answer, round.updatedAt, round.updatedAt, roundId);
    }

    function _roundId(uint256 aggregatorRound) internal pure returns (uint256) {
        return (PHASE_ID << PHASE_OFFSET) | aggregatorRound;
    }

    function _append(int256 answer, uint256 updatedAt) internal {
        require(answer > 0, "SettableAggregator: answer must be positive");
        require(
            updatedAt >= rounds[latestAggregatorRound].updatedAt,
            "SettableAggregator: rounds must not go back in time"
        );
        uint256 aggregatorRound = latestAggregatorRound + 1;
        latestAggregatorRound = aggregatorRound;
        rounds[aggregatorRound] = Round(int192(answer), uint64(updatedAt));
        emit NewRound(_roundId(aggregatorRound), msg.sender, updatedAt);
        emit AnswerUpdated(answer, _roundId(aggregatorRound), updatedAt);
    }
}
